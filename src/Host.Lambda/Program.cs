using Latch.Application;
using Latch.Infrastructure;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddApplication();
builder.AddInfrastructure();

var app = builder.Build();
app.MapApi();
app.Run();
