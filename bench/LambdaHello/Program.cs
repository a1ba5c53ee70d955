using Latch.Host.Lambda.Runtime;

// The smallest app on the same adapter as Latch's Lambda host: one route, no application, no store.
var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaRuntime(options => options.WarmupPath = "/hello");
var app = builder.Build();
app.MapGet("/hello", () => Results.Text("""{"hello":"world"}""", "application/json"));
app.Run();
