import type { App, AppContext } from "../../server/context.js";

export async function organisationRoutes(_app: App, _ctx: AppContext): Promise<void> {}
