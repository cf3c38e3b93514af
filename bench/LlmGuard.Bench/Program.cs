using LlmGuard.Bench;

return args.FirstOrDefault() switch
{
    "demo-drift" => DemoDriftReport.Run(args[1..]),
    "overhead" => await OverheadBenchmark.RunAsync(args[1..]).ConfigureAwait(false),
    "scale" => await ScaleBenchmark.RunAsync(args[1..]).ConfigureAwait(false),
    "serve" => await LoopbackServeCommand.RunAsync(args[1..]).ConfigureAwait(false),
    _ => SpeedBenchmark.Run(args),
};
