/**
 * The shapes of the API as the web apps read and send them, taken from the server's own zod
 * schemas: `import type` only (nothing of the server enters a bundle), so a change of a schema is
 * a type error here at once — there is no copy to drift and no generator to keep. An answer is a
 * schema's output (`z.output`), a body the web sends is its input (`z.input`).
 * The one place in `src/web` that names server files (see /work/team/boundaries.md).
 */
import type { z } from "zod";
import type {
  OtpSentSchema,
  OtpSignedInSchema,
  RoleBindingViewSchema,
  SessionViewSchema,
  UserPageSchema,
  UserViewSchema,
  CreateUserSchema,
  RoleGrantSchema,
} from "../../modules/accounts/schemas.js";
import type { AttachmentCreatedSchema } from "../../modules/attachments/schemas.js";
import type {
  AuditPageSchema,
  CaseContactReadsSchema,
  ListAuditQuery,
  PersonalDataReadPageSchema,
} from "../../modules/audit/schemas.js";
import type {
  ActionResultSchema,
  BulkUrgeBody,
  BulkUrgeResultSchema,
  EvaluateBody,
  NotificationListSchema,
  PendingExtensionListSchema,
  RejectBody,
  RespondBody,
  SupervisionBoardQuery,
  WorkListSchema,
} from "../../modules/cases/actions/schemas.js";
import type {
  CaseCreatedSchema,
  CaseDetailSchema,
  CaseListQuery,
  CaseListSchema,
  CaseMapSchema,
  CannedReplyListSchema,
  KeptCannedRepliesSchema,
  CreateCaseBody,
  DispatchOptionsSchema,
  DuplicateCandidatesSchema,
  FollowUpListSchema,
  TodaySchema,
  MergedCasesSchema,
  RevealedContactSchema,
  TrackingViewSchema,
} from "../../modules/cases/schemas.js";
import type {
  CategoryListSchema,
  CreateCategoryBody,
  HolidayListSchema,
  ReplaceHolidaysBody,
  UpdateCategoryBody,
} from "../../modules/catalogue/schemas.js";
import type { CockpitCasesQuery, DensitySchema, TrendSchema } from "../../modules/cockpit/schemas.js";
import type {
  CommunityAtSchema,
  GridListSchema,
  ImportAnswerSchema,
  LocateResultSchema,
} from "../../modules/grids/schemas.js";
import type { ApiKeyListSchema, CreatedApiKeySchema } from "../../modules/open311/schemas.js";
import type {
  CreateOrganisationBody,
  DepartmentTypeListSchema,
  OrganisationListSchema,
  UpdateOrganisationBody,
} from "../../modules/organisations/schemas.js";
import type {
  RateBreakdownQuery,
  RateBreakdownSchema,
  RateCasePageSchema,
  RatesSchema,
} from "../../modules/rates/schemas.js";
import type {
  AddressSearchSchema,
  BuildingDetailSchema,
  BuildingListSchema,
  HouseholdListSchema,
  RentalListSchema,
  RentalSchema,
  AddTenantBody,
  PersonListSchema,
  PersonLookupSchema,
  RegisterImportedSchema,
  ImportProblemSchema,
  PersonSchema,
  PopulationTypeListSchema,
  RevealedSchema,
} from "../../modules/people/schemas.js";
import type {
  RegionDetailSchema,
  RegionListSchema,
  RegionSearchSchema,
} from "../../modules/regions/schemas.js";
import type {
  CommitteeChangeBody,
  CommitteeListSchema,
  CommitteeSchema,
  DisputeCreatedSchema,
  DisputeTypeChangeBody,
  DisputeTypeSchema,
  MediationSettingsSchema,
  MediatorChangeBody,
  MediatorPageSchema,
  NewCommitteeBody,
  NewDisputeTypeBody,
  NewMediatorBody,
  DisputeDetailSchema,
  RevealedPartiesSchema,
  DisputeListSchema,
  DisputeTypeListSchema,
  RegisterDisputeBody,
  DisputeFromCaseBody,
  RecordScreeningBody,
  ScreeningListSchema,
  DisputeFiguresSchema,
  FigureDisputeListSchema,
  ScreeningFiguresSchema,
  OwnDisputeListSchema,
  OwnDisputeSchema,
} from "../../modules/mediation/schemas.js";
import type {
  RaiseAppealBody,
  RecordVisitBody,
  VisitActionResultSchema,
  VisitDetailSchema,
  VisitListSchema,
  VisitRateSchema,
} from "../../modules/visits/schemas.js";
import type {
  CorrectionBody,
  CorrectionListSchema,
  CorrectionSchema,
  MyReadsSchema,
  MyRegisterSchema,
} from "../../modules/my-data/schemas.js";
import type {
  CaseLinkListSchema,
  CaseLinkSchema,
  PersonCasesSchema,
} from "../../modules/case-links/schemas.js";

type Out<S extends z.ZodType> = z.output<S>;
type In<S extends z.ZodType> = z.input<S>;

// ---- accounts and sessions ----
export type SessionView = Out<typeof SessionViewSchema>;
export type RoleBinding = Out<typeof RoleBindingViewSchema>;
export type Role = RoleBinding["role"];
export type UserView = Out<typeof UserViewSchema>;
export type UserPage = Out<typeof UserPageSchema>;
export type CreateUserBody = In<typeof CreateUserSchema>;
export type RoleGrant = In<typeof RoleGrantSchema>;
export type OtpSent = Out<typeof OtpSentSchema>;
export type OtpSignedIn = Out<typeof OtpSignedInSchema>;

// ---- mediation ----
export type DisputeList = Out<typeof DisputeListSchema>;
export type DisputeListItem = DisputeList["items"][number];
export type DisputeDetail = Out<typeof DisputeDetailSchema>;
export type RevealedParties = Out<typeof RevealedPartiesSchema>;
export type DisputeStatus = DisputeDetail["status"];
export type DisputeTypeList = Out<typeof DisputeTypeListSchema>;
export type DisputeAction = DisputeDetail["allowedActions"][number];
export type CommitteeList = Out<typeof CommitteeListSchema>;
export type RegisterDispute = In<typeof RegisterDisputeBody>;
export type DisputeFromCase = In<typeof DisputeFromCaseBody>;
export type DisputeCreated = Out<typeof DisputeCreatedSchema>;
export type ScreeningList = Out<typeof ScreeningListSchema>;
export type ScreeningTask = ScreeningList["items"][number];
export type RecordScreening = In<typeof RecordScreeningBody>;
export type Committee = Out<typeof CommitteeSchema>;
export type NewCommittee = In<typeof NewCommitteeBody>;
export type CommitteeChange = In<typeof CommitteeChangeBody>;
export type MediatorPage = Out<typeof MediatorPageSchema>;
export type Mediator = MediatorPage["items"][number];
export type NewMediator = In<typeof NewMediatorBody>;
export type MediatorChange = In<typeof MediatorChangeBody>;
export type DisputeType = Out<typeof DisputeTypeSchema>;
/** A resident's own disputes (GET /my/disputes): the other parties by role only. */
export type OwnDisputeList = Out<typeof OwnDisputeListSchema>;
export type OwnDispute = Out<typeof OwnDisputeSchema>;
export type NewDisputeType = In<typeof NewDisputeTypeBody>;
export type DisputeTypeChange = In<typeof DisputeTypeChangeBody>;
export type MediationSettings = Out<typeof MediationSettingsSchema>;

// ---- visits ----
export type VisitList = Out<typeof VisitListSchema>;
export type VisitListItem = VisitList["items"][number];
export type VisitDetail = Out<typeof VisitDetailSchema>;
export type VisitRate = Out<typeof VisitRateSchema>;
export type VisitActionResult = Out<typeof VisitActionResultSchema>;
export type RecordVisitInput = In<typeof RecordVisitBody>;
export type CaseLinkList = Out<typeof CaseLinkListSchema>;
export type CaseLink = Out<typeof CaseLinkSchema>;
export type PersonCases = Out<typeof PersonCasesSchema>;
export type RaiseAppealInput = In<typeof RaiseAppealBody>;

// ---- residents' rights (my data, correction requests) ----
export type MyRegister = Out<typeof MyRegisterSchema>;
export type MyPerson = MyRegister["persons"][number];
export type MyReads = Out<typeof MyReadsSchema>;
export type MyRead = MyReads["items"][number];
export type Correction = Out<typeof CorrectionSchema>;
export type CorrectionList = Out<typeof CorrectionListSchema>;
export type NewCorrection = In<typeof CorrectionBody>;
export type CorrectionField = NewCorrection["field"];

// ---- appeals ----
export type CaseCreated = Out<typeof CaseCreatedSchema>;
export type NewCase = In<typeof CreateCaseBody>;
export type DuplicateCandidates = Out<typeof DuplicateCandidatesSchema>;
export type FollowUpList = Out<typeof FollowUpListSchema>;
export type FollowUpItem = FollowUpList["items"][number];
export type Today = Out<typeof TodaySchema>;
export type CaseList = Out<typeof CaseListSchema>;
export type CaseListItem = CaseList["items"][number];
export type CaseListFilters = In<typeof CaseListQuery>;
export type CaseMap = Out<typeof CaseMapSchema>;
export type CannedReplyList = Out<typeof CannedReplyListSchema>;
export type CannedReply = CannedReplyList["items"][number];
export type KeptCannedReplies = Out<typeof KeptCannedRepliesSchema>;
export type CaseDetail = Out<typeof CaseDetailSchema>;
export type TimelineEvent = CaseDetail["timeline"][number];
export type CaseStatus = CaseDetail["status"];
export type CaseChannel = CaseDetail["channel"];
export type CaseAction = CaseDetail["allowedActions"][number];
export type HandlingLevel = NonNullable<CaseDetail["handlingLevel"]>;
export type Satisfaction = NonNullable<CaseDetail["satisfaction"]>;
export type RevealedContact = Out<typeof RevealedContactSchema>;
export type TrackingView = Out<typeof TrackingViewSchema>;
export type TrackingEvent = TrackingView["timeline"][number];
export type DispatchOptions = Out<typeof DispatchOptionsSchema>;
export type DispatchUnit = DispatchOptions["units"][number];
export type MergedCases = Out<typeof MergedCasesSchema>;
export type ActionResult = Out<typeof ActionResultSchema>;
export type WorkList = Out<typeof WorkListSchema>;
export type WorkListItem = WorkList["items"][number];
export type BoardFilters = Omit<In<typeof SupervisionBoardQuery>, "limit" | "offset">;
export type BulkUrge = In<typeof BulkUrgeBody>;
export type BulkUrgeResult = Out<typeof BulkUrgeResultSchema>;
export type PendingExtension = Out<typeof PendingExtensionListSchema>["items"][number];
export type NotificationList = Out<typeof NotificationListSchema>;
export type Notification = NotificationList["items"][number];
/** A resident's rating of the result (resolved or not, satisfied or not). */
export type Evaluation = In<typeof EvaluateBody>;
export type ContactMethod = In<typeof RespondBody>["contactMethod"];
export type RejectReason = In<typeof RejectBody>["reason"];

// ---- catalogue ----
export type CategoryList = Out<typeof CategoryListSchema>;
export type Category = CategoryList["items"][number];
export type DeadlineKind = Category["deadlineKind"];
export type NewCategory = In<typeof CreateCategoryBody>;
export type CategoryChange = In<typeof UpdateCategoryBody>;
export type HolidayList = Out<typeof HolidayListSchema>;
export type Holiday = HolidayList["items"][number];
export type HolidayYear = In<typeof ReplaceHolidaysBody>;

// ---- places and units ----
export type RegionList = Out<typeof RegionListSchema>;
export type Region = RegionList["items"][number];
export type RegionSearch = Out<typeof RegionSearchSchema>;
export type RegionDetail = Out<typeof RegionDetailSchema>;
export type GridList = Out<typeof GridListSchema>;
export type GridItem = GridList["items"][number];
export type GridImportAnswer = Out<typeof ImportAnswerSchema>;
export type LocateResult = Out<typeof LocateResultSchema>;
export type CommunityAt = Out<typeof CommunityAtSchema>;
export type OrganisationList = Out<typeof OrganisationListSchema>;
export type Organisation = OrganisationList["items"][number];
export type OrganisationKind = Organisation["kind"];
export type NewOrganisation = In<typeof CreateOrganisationBody>;
export type OrganisationChange = In<typeof UpdateOrganisationBody>;
export type DepartmentTypeList = Out<typeof DepartmentTypeListSchema>;

// ---- administration ----
export type AuditPage = Out<typeof AuditPageSchema>;
export type AuditEntry = AuditPage["items"][number];
export type AuditFilters = In<typeof ListAuditQuery>;
export type PersonalDataReadPage = Out<typeof PersonalDataReadPageSchema>;
export type PersonalDataRead = PersonalDataReadPage["items"][number];
export type CaseContactReads = Out<typeof CaseContactReadsSchema>;
export type ApiKeyList = Out<typeof ApiKeyListSchema>;
export type ApiKey = ApiKeyList["items"][number];
export type CreatedApiKey = Out<typeof CreatedApiKeySchema>;
export type AttachmentCreated = Out<typeof AttachmentCreatedSchema>;

// ---- rates and cockpit ----
export type RatesView = Out<typeof RatesSchema>;
export type Figures = RatesView["figures"];
export type Figure = Figures["responseRate"];
export type FigureName = keyof Figures;
export type Definitions = RatesView["definitions"];
export type BreakdownView = Out<typeof RateBreakdownSchema>;
export type TrendView = Out<typeof TrendSchema>;
export type DensityView = Out<typeof DensitySchema>;
export type RateCasePage = Out<typeof RateCasePageSchema>;
export type RateCase = RateCasePage["items"][number];
/** A figure whose cases can be listed (the composite is a weighted sum: it has none). */
export type CaseFigure = In<typeof CockpitCasesQuery>["figure"];
export type FigurePart = NonNullable<In<typeof CockpitCasesQuery>["part"]>;
export type BreakdownDimension = In<typeof RateBreakdownQuery>["by"];
/** The scope and period every cockpit request carries; `category` only on a drill-down. */
export type CockpitScope = Pick<
  In<typeof CockpitCasesQuery>,
  "region" | "department" | "from" | "to" | "category"
>;

// People and places
export type PersonPage = Out<typeof PersonListSchema>;
export type PersonSummary = PersonPage["items"][number];
export type PersonFile = Out<typeof PersonSchema>;
export type PersonLookup = Out<typeof PersonLookupSchema>;
export type PopulationTypeList = Out<typeof PopulationTypeListSchema>;
export type RevealedNumbers = Out<typeof RevealedSchema>;
export type RegisterImported = Out<typeof RegisterImportedSchema>;
export type ImportProblem = Out<typeof ImportProblemSchema>;
export type AddressSearchResult = Out<typeof AddressSearchSchema>;
export type AddressHit = AddressSearchResult["items"][number];
export type BuildingPage = Out<typeof BuildingListSchema>;
export type BuildingDetail = Out<typeof BuildingDetailSchema>;
export type HouseholdList = Out<typeof HouseholdListSchema>;
export type Rental = Out<typeof RentalSchema>;
export type RentalPage = Out<typeof RentalListSchema>;
export type AddTenant = In<typeof AddTenantBody>;

// ---- mediation figures ----
export type DisputeFiguresView = Out<typeof DisputeFiguresSchema>;
export type DisputeCount = keyof DisputeFiguresView["figures"]["counts"];
export type DisputeRate = keyof DisputeFiguresView["figures"]["rates"];
export type FigureDisputeList = Out<typeof FigureDisputeListSchema>;
export type ScreeningFiguresView = Out<typeof ScreeningFiguresSchema>;
