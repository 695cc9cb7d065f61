import { lazy } from "react";
import type { RouteObject } from "react-router";
import { Titled } from "../Titled.js";

const ResidentLayout = lazy(() => import("./ResidentLayout.js"));
const RaisePage = lazy(() => import("./RaisePage.js"));
const TrackPage = lazy(() => import("./TrackPage.js"));
const MyAppealsPage = lazy(() => import("./MyAppealsPage.js"));
const MyCasePage = lazy(() => import("./MyCasePage.js"));
const SignInPage = lazy(() => import("./SignInPage.js"));
const MyDataPage = lazy(() => import("./MyDataPage.js"));
const MyDisputesPage = lazy(() => import("./MyDisputesPage.js"));
const MyDisputePage = lazy(() => import("./MyDisputePage.js"));

/** The resident pages under /m/: raise an appeal (home), follow one, sign in with a code. */
export const residentRoutes: RouteObject[] = [
  {
    element: <ResidentLayout />,
    children: [
      {
        index: true,
        element: (
          <Titled title="resident.tab.raise">
            <RaisePage />
          </Titled>
        ),
      },
      {
        path: "track",
        element: (
          <Titled title="track.title">
            <TrackPage />
          </Titled>
        ),
      },
      {
        path: "track/:code",
        element: (
          <Titled title="track.title">
            <TrackPage />
          </Titled>
        ),
      },
      {
        path: "my",
        element: (
          <Titled title="my.title">
            <MyAppealsPage />
          </Titled>
        ),
      },
      {
        path: "my/cases/:id",
        element: (
          <Titled title="page.myCase">
            <MyCasePage />
          </Titled>
        ),
      },
      {
        path: "my/data",
        element: (
          <Titled title="mydata.title">
            <MyDataPage />
          </Titled>
        ),
      },
      {
        path: "disputes",
        element: (
          <Titled title="disputes.title">
            <MyDisputesPage />
          </Titled>
        ),
      },
      {
        path: "disputes/:number",
        element: (
          <Titled title="page.myDispute">
            <MyDisputePage />
          </Titled>
        ),
      },
      {
        path: "signin",
        element: (
          <Titled title="signin.title">
            <SignInPage />
          </Titled>
        ),
      },
    ],
  },
];
