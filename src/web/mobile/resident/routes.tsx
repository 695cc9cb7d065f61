import { lazy } from "react";
import type { RouteObject } from "react-router";

const ResidentLayout = lazy(() => import("./ResidentLayout.js"));
const RaisePage = lazy(() => import("./RaisePage.js"));
const TrackPage = lazy(() => import("./TrackPage.js"));
const MyAppealsPage = lazy(() => import("./MyAppealsPage.js"));
const MyCasePage = lazy(() => import("./MyCasePage.js"));
const SignInPage = lazy(() => import("./SignInPage.js"));

/** The resident pages under /m/: raise an appeal (home), follow one, sign in with a code. */
export const residentRoutes: RouteObject[] = [
  {
    element: <ResidentLayout />,
    children: [
      { index: true, element: <RaisePage /> },
      { path: "track", element: <TrackPage /> },
      { path: "track/:code", element: <TrackPage /> },
      { path: "my", element: <MyAppealsPage /> },
      { path: "my/cases/:id", element: <MyCasePage /> },
      { path: "signin", element: <SignInPage /> },
    ],
  },
];
