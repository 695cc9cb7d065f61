import { lazy } from "react";
import type { RouteObject } from "react-router";
import { Titled } from "../Titled.js";
import {
  loadCasePage,
  loadLogin,
  loadOutbox,
  loadPatrol,
  loadShell,
  loadVisitPage,
  loadVisits,
  loadWorkList,
  loadMediationList,
  loadMediationDispute,
  loadHomes,
} from "./pages.js";

const GridShell = lazy(loadShell);
const GridLogin = lazy(loadLogin);
const WorkList = lazy(loadWorkList);
const CasePage = lazy(loadCasePage);
const Patrol = lazy(loadPatrol);
const OutboxPage = lazy(loadOutbox);
const Visits = lazy(loadVisits);
const VisitPage = lazy(loadVisitPage);
const MediationList = lazy(loadMediationList);
const MediationDispute = lazy(loadMediationDispute);
const Homes = lazy(loadHomes);

/** The grid pages under /m/grid: sign-in, the work list, a case, a patrol finding, the visits, the outbox. */
export const gridRoutes: RouteObject[] = [
  {
    path: "grid/login",
    element: (
      <Titled title="grid.login.title">
        <GridLogin />
      </Titled>
    ),
  },
  {
    path: "grid",
    element: <GridShell />,
    children: [
      {
        index: true,
        element: (
          <Titled title="grid.tab.work">
            <WorkList />
          </Titled>
        ),
      },
      {
        path: "case/:id",
        element: (
          <Titled title="page.gridCase">
            <CasePage />
          </Titled>
        ),
      },
      {
        path: "patrol",
        element: (
          <Titled title="grid.patrol.title">
            <Patrol />
          </Titled>
        ),
      },
      {
        path: "visits",
        element: (
          <Titled title="grid.visits.title">
            <Visits />
          </Titled>
        ),
      },
      {
        path: "visit/:id",
        element: (
          <Titled title="grid.visits.title">
            <VisitPage />
          </Titled>
        ),
      },
      {
        path: "mediation",
        element: (
          <Titled title="grid.mediation.title">
            <MediationList />
          </Titled>
        ),
      },
      {
        path: "dispute/:number",
        element: (
          <Titled title="grid.mediation.title">
            <MediationDispute />
          </Titled>
        ),
      },
      {
        path: "homes",
        element: (
          <Titled title="homes.title">
            <Homes />
          </Titled>
        ),
      },
      {
        path: "outbox",
        element: (
          <Titled title="grid.outbox.title">
            <OutboxPage />
          </Titled>
        ),
      },
    ],
  },
];
