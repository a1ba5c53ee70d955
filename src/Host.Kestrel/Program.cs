using Latch.Application;
using Latch.Infrastructure;

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS out; Kestrel:Certificates and the dev certificate need it
builder.Services.AddApplication();
builder.AddInfrastructure();

var app = builder.Build();
app.MapApi();
app.Run();
