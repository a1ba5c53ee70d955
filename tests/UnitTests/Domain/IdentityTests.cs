using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.UnitTests.Domain;

/// <summary>Identities are written into stores, tokens and claims as the bare GUID and compared by value.</summary>
public sealed class IdentityTests
{
    private static readonly Guid Sample = Guid.Parse("0190f5a1-7c2e-7b3d-8a4f-1234567890ab");

    [Fact]
    public void Identities_print_as_the_bare_guid()
    {
        Assert.Equal("0190f5a1-7c2e-7b3d-8a4f-1234567890ab", new UserId(Sample).ToString());
        Assert.Equal("0190f5a1-7c2e-7b3d-8a4f-1234567890ab", new SessionId(Sample).ToString());
    }

    [Fact]
    public void Identities_are_equal_by_value()
    {
        Assert.Equal(new UserId(Sample), new UserId(Sample));
        Assert.True(new SessionId(Sample) == new SessionId(Sample));
        Assert.True(SessionId.New() != SessionId.New());
        Assert.Equal(new UserId(Sample).GetHashCode(), new UserId(Sample).GetHashCode());
    }

    [Fact]
    public void New_identities_are_version_7_guids()
    {
        Assert.Equal(7, UserId.New().Value.Version);
        Assert.Equal(7, SessionId.New().Value.Version);
    }
}
