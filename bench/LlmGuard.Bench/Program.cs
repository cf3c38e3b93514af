using LlmGuard.Bench;

return args.FirstOrDefault() switch
{
    "demo-drift" => DemoDriftReport.Run(args[1..]),
    _ => SpeedBenchmark.Run(args),
};
