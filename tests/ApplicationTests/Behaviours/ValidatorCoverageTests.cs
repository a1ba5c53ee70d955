using FluentValidation;
using Latch.Application;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.ApplicationTests.Behaviours;

/// <summary>
/// Validators are registered by hand (no scan at start-up, for Native AOT), so this holds the hand-written list to every
/// request type the mediator serves: each has its validator registered, or is declared to need none, with the reason.
/// </summary>
public sealed class ValidatorCoverageTests
{
    private static readonly Type[] Requests = [.. typeof(DependencyInjection).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    [Fact]
    public void The_request_types_are_found()
    {
        // Eleven use cases today: a scan that finds none would make the rules below vacuous.
        Assert.True(Requests.Length >= 11, string.Join(", ", Requests.Select(t => t.Name)));
    }

    [Fact]
    public void Every_request_type_has_its_validator_registered_or_is_declared_to_need_none()
    {
        var registered = RegisteredValidatorTargets();
        var uncovered = Requests.Where(t => !registered.Contains(t) && !Validators.NeedNone.ContainsKey(t)).Select(t => t.Name);
        Assert.True(!uncovered.Any(), "No validator registered, and none declared unneeded: " + string.Join(", ", uncovered));
    }

    [Fact]
    public void A_request_declared_to_need_none_has_none_and_says_why()
    {
        var registered = RegisteredValidatorTargets();
        Assert.All(Validators.NeedNone, pair =>
        {
            Assert.Contains(pair.Key, Requests);
            Assert.DoesNotContain(pair.Key, registered);
            Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key.Name);
        });
    }

    [Fact]
    public void Every_validator_class_written_is_registered()
    {
        var written = typeof(DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IValidator).IsAssignableFrom(t))
            .Select(t => t.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
                .GetGenericArguments()[0]);
        Assert.All(written, target => Assert.Contains(target, RegisteredValidatorTargets()));
    }

    private static HashSet<Type> RegisteredValidatorTargets() =>
        [.. new ServiceCollection().AddApplication()
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidator<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])];
}
