/**
 * Runs once when a server process starts, before it serves requests: validates the environment and
 * prepares the database (migrations, reference data, demo data on first run).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}
