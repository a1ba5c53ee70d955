using Latch.Application;
using Latch.Host.Lambda.Runtime;
using Latch.Infrastructure;
using Latch.Infrastructure.Configuration.SecretsManager;

var builder = WebApplication.CreateSlimBuilder(args);
builder.UseLambdaRuntime();
// Before anything reads the settings: the stage's secret joins the configuration (docs/decisions/0009).
builder.Configuration.AddSecretsManagerSecret();
builder.Services.AddApplication();
builder.AddInfrastructure();

var app = builder.Build();
app.MapApi();
app.Run();
