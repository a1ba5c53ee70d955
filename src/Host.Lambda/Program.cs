using Latch.Application;
using Latch.Host.Lambda.Runtime;
using Latch.Infrastructure;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaRuntime();
builder.Services.AddApplication();
builder.AddInfrastructure();

var app = builder.Build();
app.MapApi();
app.Run();
