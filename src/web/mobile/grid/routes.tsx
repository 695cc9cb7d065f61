import type { RouteObject } from "react-router";

/** The grid pages under /m/. */
export const gridRoutes: RouteObject[] = [];
