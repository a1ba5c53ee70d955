using Latch.Application;
using Latch.Host.Kestrel;
using Latch.Infrastructure;
using Latch.Infrastructure.Configuration;

// A refused setting is the operator's to fix, not a crash: one line naming it, no stack trace, and the exit code
// sysexits gives a configuration error (EX_CONFIG), so a supervisor can tell it from a fault. Handled as the
// process's last word rather than caught here, so a host that runs this entry point itself (the test factory)
// still receives the refusal.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (e.ExceptionObject is InvalidConfigurationException refused)
    {
        Console.Error.WriteLine($"latch: {refused.Message}");
        Environment.Exit(78);
    }
};

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS out; Kestrel:Certificates and the dev certificate need it
builder.BatchLogWrites();
builder.Services.AddApplication();
builder.AddInfrastructure();

var app = builder.Build();
app.MapApi();
app.Run();
