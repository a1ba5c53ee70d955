using Latch.Bench.LambdaHello;
using Latch.Host.Lambda.Runtime;
using Latch.Infrastructure;

// The smallest app on the same adapter as Latch's Lambda host: one route, no application, no store, no telemetry.
var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaRuntime(options => options.WarmupPath = "/hello");
// What the adapter takes from a composition (Latch's comes from AddInfrastructure): nothing, here.
builder.Services.AddSingleton<IServerHooks, NoHooks>();
builder.Services.AddSingleton<IQueueConsumer, NoQueue>();
var app = builder.Build();
app.MapGet("/hello", () => Results.Text("""{"hello":"world"}""", "application/json"));
app.Run();
