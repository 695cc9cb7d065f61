import { lazy } from "react";
import type { RouteObject } from "react-router";
import { loadCasePage, loadLogin, loadOutbox, loadPatrol, loadShell, loadWorkList } from "./pages.js";

const GridShell = lazy(loadShell);
const GridLogin = lazy(loadLogin);
const WorkList = lazy(loadWorkList);
const CasePage = lazy(loadCasePage);
const Patrol = lazy(loadPatrol);
const OutboxPage = lazy(loadOutbox);

/** The grid pages under /m/grid: sign-in, the work list, a case, a patrol finding, the outbox. */
export const gridRoutes: RouteObject[] = [
  { path: "grid/login", element: <GridLogin /> },
  {
    path: "grid",
    element: <GridShell />,
    children: [
      { index: true, element: <WorkList /> },
      { path: "case/:id", element: <CasePage /> },
      { path: "patrol", element: <Patrol /> },
      { path: "outbox", element: <OutboxPage /> },
    ],
  },
];
