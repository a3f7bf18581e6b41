var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "TuoyuGeo");
app.Run();
