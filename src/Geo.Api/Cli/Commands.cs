namespace Geo.Api.Cli;

/// <summary>
/// The verbs of the service binary, in one place above the parts they drive (Data, Demo, Auth, ImportExport),
/// so none of those parts has to know the others: `migrate`, `seed-demo`, `create-admin` (<see cref="DatabaseCommands"/>)
/// `import` (<see cref="ImportCommand"/>), `apply-plan` (<see cref="PlanCommand"/>) and `setup-district` (<see cref="SetupCommand"/>).
/// </summary>
public static class Commands
{
    /// <summary>Runs the verb the arguments name and returns true; false when they name none (serve the API).</summary>
    public static async Task<bool> TryRunCommandAsync(this WebApplication app, string[] args) =>
        await DatabaseCommands.TryRunAsync(app, args) || await ImportCommand.TryRunAsync(app, args)
        || await PlanCommand.TryRunAsync(app, args) || await SetupCommand.TryRunAsync(app, args);
}
