// Integration tests share one database and reset it between tests, so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
