import type { RouteObject } from "react-router";

/** The resident pages under /m/. */
export const residentRoutes: RouteObject[] = [];
