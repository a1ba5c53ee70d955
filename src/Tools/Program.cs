using Latch.Tools;

return await LatchTool.RunAsync(args, ToolContext.FromProcess());
