using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Persistence.Mongo;

namespace Latch.UnitTests.Infrastructure.Persistence.Mongo;

public sealed class MongoConnectionTests
{
    private const string Password = "hunter2-s3cret";

    [Fact]
    public void Defaults_keep_every_wait_well_under_the_15_second_Lambda_timeout()
    {
        var settings = MongoConnection.ClientSettings($"mongodb+srv://latch:{Password}@cluster0.example.net/");
        Assert.Equal(TimeSpan.FromSeconds(3), settings.ServerSelectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.SocketTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.WaitQueueTimeout);
        Assert.Equal(4, settings.MaxConnectionPoolSize);
        Assert.Equal(0, settings.MinConnectionPoolSize);
        Assert.Equal("latch", settings.ApplicationName);
        Assert.True(settings.UseTls);
        Assert.True(settings.RetryWrites);
        Assert.True(settings.RetryReads);
    }

    [Fact]
    public void Options_named_in_the_connection_string_win_over_the_defaults()
    {
        var settings = MongoConnection.ClientSettings(
            "mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=1500&connectTimeoutMS=1000&socketTimeoutMS=2000&waitQueueTimeoutMS=2500&maxPoolSize=50&appName=ops");
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.ServerSelectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.SocketTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), settings.WaitQueueTimeout);
        Assert.Equal(50, settings.MaxConnectionPoolSize);
        Assert.Equal("ops", settings.ApplicationName);
    }

    [Theory]
    [InlineData("mongodb+srv://latch:" + Password + "@cluster0.example.net/?retryWrites=true&w=majority")]
    [InlineData("mongodb://latch:" + Password + "@db1.example.net:27017,db2.example.net:27017/?tls=true&replicaSet=rs0")]
    [InlineData("mongodb://latch:" + Password + "@db1.example.net/?ssl=true")]
    public void Production_accepts_TLS(string connectionString) =>
        Assert.Empty(Problems(connectionString, production: true));

    [Theory]
    [InlineData("mongodb://latch:" + Password + "@db1.example.net:27017/")]
    [InlineData("mongodb://latch:" + Password + "@db1.example.net:27017/?tls=false")]
    [InlineData("mongodb+srv://latch:" + Password + "@cluster0.example.net/?tls=false")]
    public void Production_refuses_a_connection_without_TLS_in_one_line_without_the_string(string connectionString)
    {
        var problem = Assert.Single(Problems(connectionString, production: true));
        Assert.Equal("Storage:Mongo:ConnectionString must use TLS in Production: a mongodb+srv:// address, or tls=true.", problem);
    }

    [Theory]
    [InlineData("tlsInsecure=true")]
    [InlineData("tlsAllowInvalidCertificates=true")]
    [InlineData("tlsAllowInvalidHostnames=true")]
    [InlineData("sslVerifyCertificate=false")]
    public void Production_refuses_TLS_without_certificate_or_host_checks(string option)
    {
        var problem = Assert.Single(Problems($"mongodb+srv://latch:{Password}@cluster0.example.net/?{option}", production: true));
        Assert.Equal("Storage:Mongo:ConnectionString must not switch off TLS certificate or host name checks in Production.", problem);
    }

    [Fact]
    public void Other_environments_may_use_a_local_server_without_TLS() =>
        Assert.Empty(Problems("mongodb://localhost:27017", production: false));

    [Theory]
    [InlineData("not a connection string")]
    [InlineData("http://latch:" + Password + "@db.example.net")]
    [InlineData("mongodb://latch:" + Password + "@db.example.net:99999/")]
    [InlineData("mongodb://latch:" + Password + "@db.example.net/?maxPoolSize=-1")]
    [InlineData("mongodb://latch:" + Password + "@db.example.net/?authMechanism=BOGUS")]
    public void An_unparseable_connection_string_is_one_line_that_never_echoes_it(string connectionString)
    {
        var problem = Assert.Single(Problems(connectionString, production: true));
        Assert.Equal("Storage:Mongo:ConnectionString is not a valid MongoDB connection string.", problem);
    }

    [Fact]
    public void Connection_string_and_database_are_required()
    {
        var problems = new List<string>();
        MongoConnection.Check(new MongoStorageOptions(), production: false, problems);
        Assert.Equal(
            ["Storage:Mongo:ConnectionString is required when Storage:Provider is Mongo.", "Storage:Mongo:Database is required when Storage:Provider is Mongo."],
            problems);
    }

    [Theory]
    [InlineData("latch.prod")]
    [InlineData("la tch")]
    [InlineData("a/b")]
    [InlineData("$latch")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void A_database_name_MongoDB_would_refuse_is_refused_at_start_up(string database)
    {
        var problems = new List<string>();
        MongoConnection.Check(new MongoStorageOptions { ConnectionString = "mongodb://localhost", Database = database }, false, problems);
        Assert.StartsWith("Storage:Mongo:Database must be a MongoDB database name", Assert.Single(problems), StringComparison.Ordinal);
    }

    private static List<string> Problems(string connectionString, bool production)
    {
        var problems = new List<string>();
        MongoConnection.Check(new MongoStorageOptions { ConnectionString = connectionString, Database = "latch" }, production, problems);
        Assert.DoesNotContain(problems, p => p.Contains(Password, StringComparison.Ordinal) || p.Contains("example.net", StringComparison.Ordinal));
        return problems;
    }
}
