/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant, as an ISO-8601 string in UTC. */
  DateTime: { input: string; output: string; }
};

export type AddDatasetLabelsInput = {
  datasetId: Scalars['ID']['input'];
  /** Appended after the existing labels, so existing class indices stay. */
  labels: Array<Scalars['String']['input']>;
};

export type AddTeamMemberInput = {
  /** The email of an existing account. */
  email: Scalars['String']['input'];
  role: Role;
  teamId: Scalars['ID']['input'];
};

export type ApiToken = {
  __typename?: 'ApiToken';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** To the minute. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** The first characters of the token, to tell tokens apart. */
  prefix: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type ApiTokenConnection = {
  __typename?: 'ApiTokenConnection';
  edges: Array<ApiTokenEdge>;
  pageInfo: PageInfo;
};

export type ApiTokenEdge = {
  __typename?: 'ApiTokenEdge';
  cursor: Scalars['String']['output'];
  node: ApiToken;
};

export type ArtifactKind =
  /** The latest epoch checkpoint a resumed attempt starts from. */
  | 'CHECKPOINT'
  /** Image pixels in, probabilities out. */
  | 'FULL'
  /** Backbone features in: the small trained head alone. */
  | 'HEAD';

export type Augmentation = {
  __typename?: 'Augmentation';
  heightShift: Scalars['Float']['output'];
  horizontalFlip: Scalars['Boolean']['output'];
  /** Maximum rotation in degrees, either way. */
  rotation: Scalars['Float']['output'];
  /** Augmented copies embedded per training image. */
  variants: Scalars['Int']['output'];
  /** Maximum horizontal shift, as a fraction of the width. */
  widthShift: Scalars['Float']['output'];
  /** Maximum zoom in or out, as a fraction. */
  zoom: Scalars['Float']['output'];
};

/** Omitted fields take the defaults (rotation 20, shifts 0.2, zoom 0.2, flip on, 4 variants). */
export type AugmentationInput = {
  /** false turns augmentation off (the other fields are then ignored). */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  heightShift?: InputMaybe<Scalars['Float']['input']>;
  horizontalFlip?: InputMaybe<Scalars['Boolean']['input']>;
  rotation?: InputMaybe<Scalars['Float']['input']>;
  variants?: InputMaybe<Scalars['Int']['input']>;
  widthShift?: InputMaybe<Scalars['Float']['input']>;
  zoom?: InputMaybe<Scalars['Float']['input']>;
};

export type AuthPayload = {
  __typename?: 'AuthPayload';
  expiresAt: Scalars['DateTime']['output'];
  /** The bearer token when `session: BEARER` was asked for; shown only here. */
  sessionToken?: Maybe<Scalars['String']['output']>;
  user: User;
};

/** An AUTO run's search: the trial table as it grows, the winner and why it won. */
export type AutoRunSummary = {
  __typename?: 'AutoRunSummary';
  /** The budget ended the search before every planned rung ran. */
  budgetExhausted: Scalars['Boolean']['output'];
  budgetSeconds: Scalars['Int']['output'];
  measureSeconds: Scalars['Float']['output'];
  /** "measuring", "searching", "retraining" while running; "done" once SUCCEEDED; else the status. */
  phase: Scalars['String']['output'];
  /** Why the winner won. */
  reason?: Maybe<Scalars['String']['output']>;
  reasons: Array<RecommendationReason>;
  /** JSON text of the config the winner was retrained with (as a createRun config). */
  retrainConfig?: Maybe<Scalars['String']['output']>;
  retrainEpochs?: Maybe<Scalars['Int']['output']>;
  retrainFineTuneEpochs?: Maybe<Scalars['Int']['output']>;
  searchSeconds?: Maybe<Scalars['Float']['output']>;
  /** The measured recommendation's strategy. */
  strategy?: Maybe<Scalars['String']['output']>;
  trials: Array<AutoTrial>;
  winnerRunId?: Maybe<Scalars['ID']['output']>;
  winnerTrialId?: Maybe<Scalars['String']['output']>;
  winnerValAccuracy?: Maybe<Scalars['Float']['output']>;
};

/** The search settings of an AUTO run. */
export type AutoSearch = {
  __typename?: 'AutoSearch';
  /** Wall-clock budget of measuring, the search and the winner's retrain. */
  budgetSeconds: Scalars['Int']['output'];
  /** Each rung keeps the best 1/eta trials and gives them eta× the epochs. */
  eta: Scalars['Int']['output'];
  /** Candidate configs tried in the first rung. */
  maxTrials: Scalars['Int']['output'];
  /** Epochs each trial gets in the first rung. */
  minEpochs: Scalars['Int']['output'];
};

/** Omitted fields take the defaults: 600 s, 4 trials, 3 epochs in the first rung, eta 3. */
export type AutoSearchInput = {
  /** 30 to 86400 seconds. */
  budgetSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** 2 to 4. */
  eta?: InputMaybe<Scalars['Int']['input']>;
  /** 1 to 16. */
  maxTrials?: InputMaybe<Scalars['Int']['input']>;
  minEpochs?: InputMaybe<Scalars['Int']['input']>;
};

/** One rung of one trial of an AUTO run's search (each is a run of its own). */
export type AutoTrial = {
  __typename?: 'AutoTrial';
  epochs: Scalars['Int']['output'];
  /** Why it was dropped or failed. */
  note?: Maybe<Scalars['String']['output']>;
  runId: Scalars['ID']['output'];
  /** 0-based round of successive halving. */
  rung: Scalars['Int']['output'];
  seconds?: Maybe<Scalars['Float']['output']>;
  /** "running", "finished", "failed", "cancelled" or "out-of-budget". */
  status: Scalars['String']['output'];
  /** The candidate, e.g. "scratch-32px-lr0.005-drop0.3". */
  trialId: Scalars['String']['output'];
  valAccuracy?: Maybe<Scalars['Float']['output']>;
  valLoss?: Maybe<Scalars['Float']['output']>;
  /** "promoted", "dropped", "winner" or "out-of-budget" once the rung was judged. */
  verdict?: Maybe<Scalars['String']['output']>;
};

export type CancelOutcome =
  /** It had already finished; nothing changed. */
  | 'ALREADY_FINISHED'
  /** It was queued and is now cancelled. */
  | 'CANCELLED'
  /** It is running; its trainer stops within one batch and marks it CANCELLED. */
  | 'CANCEL_REQUESTED';

export type CancelRunPayload = {
  __typename?: 'CancelRunPayload';
  outcome: CancelOutcome;
  run: Run;
};

export type ChangeTeamMemberRoleInput = {
  role: Role;
  teamId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};

export type ClassLift = {
  __typename?: 'ClassLift';
  f1: Scalars['Float']['output'];
  label: Scalars['String']['output'];
  previousF1: Scalars['Float']['output'];
  previousRecall: Scalars['Float']['output'];
  recall: Scalars['Float']['output'];
};

export type ClassMetrics = {
  __typename?: 'ClassMetrics';
  f1: Scalars['Float']['output'];
  label: Scalars['String']['output'];
  precision: Scalars['Float']['output'];
  recall: Scalars['Float']['output'];
  /** Images whose given label is this class. */
  support: Scalars['Int']['output'];
};

export type ConfidentlyWrongConnection = {
  __typename?: 'ConfidentlyWrongConnection';
  edges: Array<ConfidentlyWrongEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ConfidentlyWrongEdge = {
  __typename?: 'ConfidentlyWrongEdge';
  cursor: Scalars['String']['output'];
  node: ReviewItem;
};

export type ConfigDifference = {
  __typename?: 'ConfigDifference';
  /** Dotted path such as "augmentation.zoom". */
  field: Scalars['String']['output'];
  /** One JSON value per compared run, in the order of `runs`. */
  values: Array<Scalars['String']['output']>;
};

/** The training strategy a version's data calls for (Table 3-1: size × similarity to ImageNet), with why. */
export type ConfigRecommendation = {
  __typename?: 'ConfigRecommendation';
  /** JSON text of the recommended createRun config (no seed: each run draws its own). */
  config: Scalars['String']['output'];
  measuredAt: Scalars['DateTime']['output'];
  measurements: DatasetMeasurements;
  /** One plain sentence per choice. */
  reasons: Array<RecommendationReason>;
  /** The reference recipe ("Reference: frozen MobileNet, 10 epochs"), one click away. */
  referencePreset: RunPreset;
  /** How long the measurement took when it was made. */
  seconds: Scalars['Float']['output'];
  /** "frozen", "fine-tune-top", "fine-tune-all", "scratch" or "gradients". */
  strategy: Scalars['String']['output'];
  versionId: Scalars['ID']['output'];
};

export type CreateApiTokenInput = {
  /** Where the token is used, e.g. "laptop import script". */
  name: Scalars['String']['input'];
};

export type CreateApiTokenPayload = {
  __typename?: 'CreateApiTokenPayload';
  apiToken: ApiToken;
  /** The secret, for "Authorization: Bearer <token>". Shown only here: store it now. */
  token: Scalars['String']['output'];
};

export type CreateDatasetInput = {
  /** Label names in class order: exactly two for BINARY, two or more for MULTICLASS, one or more for MULTILABEL. */
  labels: Array<Scalars['String']['input']>;
  /** Unique within the team. */
  name: Scalars['String']['input'];
  task: Task;
  teamId: Scalars['ID']['input'];
};

export type CreateRunInput = {
  config?: InputMaybe<RunConfigInput>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** The frozen dataset version to train on (freeze one first; the UI offers the latest). */
  versionId: Scalars['ID']['input'];
};

export type CreateTeamInput = {
  name: Scalars['String']['input'];
  /** Lowercase letters, digits and hyphens; derived from the name when absent. */
  slug?: InputMaybe<Scalars['String']['input']>;
};

export type CutProbe = {
  __typename?: 'CutProbe';
  /** k-fold linear-probe accuracy of those features. */
  accuracy: Scalars['Float']['output'];
  /** MobileNetV2 block whose pooled output was probed. */
  cut: Scalars['String']['output'];
};

export type Dataset = {
  __typename?: 'Dataset';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  /** Images in upload order. */
  images: ImageConnection;
  /** The unlabeled pool, most useful to label first (`order`, default MARGIN); images without a suggestion come last. Needs VIEWER. */
  labelQueue: LabelQueueConnection;
  /** In class order. */
  labels: Array<Label>;
  name: Scalars['String']['output'];
  stats: DatasetStats;
  task: Task;
  team: Team;
  updatedAt: Scalars['DateTime']['output'];
  /** Frozen versions, oldest first. */
  versions: DatasetVersionConnection;
};


export type DatasetImagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ImageFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type DatasetLabelQueueArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  order?: InputMaybe<LabelQueueOrder>;
  seed?: InputMaybe<Scalars['Int']['input']>;
};


export type DatasetVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type DatasetConnection = {
  __typename?: 'DatasetConnection';
  edges: Array<DatasetEdge>;
  pageInfo: PageInfo;
};

export type DatasetEdge = {
  __typename?: 'DatasetEdge';
  cursor: Scalars['String']['output'];
  node: Dataset;
};

/** What the recommendation measured on the version's train and validation images. */
export type DatasetMeasurements = {
  __typename?: 'DatasetMeasurements';
  /** Best cut's probe accuracy minus the pixels': how much ImageNet features help here. */
  backboneAdvantage: Scalars['Float']['output'];
  bestCut: Scalars['String']['output'];
  classes: Scalars['Int']['output'];
  cutProbes: Array<CutProbe>;
  folds: Scalars['Int']['output'];
  /** The same probe on fixed oriented-gradient features (edges in 8 directions on a grid of half-overlapping cells); null for images over 64 px, or measured before it existed. */
  gradientProbeAccuracy?: Maybe<Scalars['Float']['output']>;
  medianImagesPerClass: Scalars['Int']['output'];
  minImagesPerClass: Scalars['Int']['output'];
  /** Median longer side of the images, in pixels. */
  nativeSize: Scalars['Int']['output'];
  /** k-fold accuracy of logistic regression on the downscaled pixels. */
  pixelProbeAccuracy: Scalars['Float']['output'];
  probedImages: Scalars['Int']['output'];
  trainImages: Scalars['Int']['output'];
};

export type DatasetStats = {
  __typename?: 'DatasetStats';
  /** Images kept but left out of new versions. */
  excluded: Scalars['Int']['output'];
  /** Images per split, excluded ones left out. */
  images: SplitCounts;
  /** Per label, in class order. */
  labels: Array<LabelStats>;
};

/** An immutable snapshot of a dataset (labels, images, splits) that runs pin. */
export type DatasetVersion = {
  __typename?: 'DatasetVersion';
  createdAt: Scalars['DateTime']['output'];
  /** Near-duplicates within and across splits (leaks) and outliers, over the cached embeddings of the version's images. Needs VIEWER. */
  dataQuality: VersionDataQuality;
  dataset: Dataset;
  /** A 2-D map of the version's images over the embeddings runs cached for them (PCA, off the event loop); images no run has embedded yet are left out. Needs VIEWER. */
  embeddingMap: EmbeddingMap;
  id: Scalars['ID']['output'];
  imageCount: Scalars['Int']['output'];
  /** Label names in class order, as frozen. */
  labels: Array<Scalars['String']['output']>;
  note?: Maybe<Scalars['String']['output']>;
  /** 1, 2, 3… per dataset. */
  number: Scalars['Int']['output'];
  splitCounts: VersionSplitCounts;
  task: Task;
};

export type DatasetVersionConnection = {
  __typename?: 'DatasetVersionConnection';
  edges: Array<DatasetVersionEdge>;
  pageInfo: PageInfo;
};

export type DatasetVersionEdge = {
  __typename?: 'DatasetVersionEdge';
  cursor: Scalars['String']['output'];
  node: DatasetVersion;
};

export type DeleteDatasetInput = {
  datasetId: Scalars['ID']['input'];
};

export type DeleteDatasetPayload = {
  __typename?: 'DeleteDatasetPayload';
  datasetId: Scalars['ID']['output'];
};

export type DeleteRunPayload = {
  __typename?: 'DeleteRunPayload';
  /** The id of the run that was deleted. */
  runId: Scalars['ID']['output'];
};

export type DiagnosisSeverity =
  /** Worth knowing; not necessarily wrong. */
  | 'NOTE'
  /** The model is worse than it could be. */
  | 'PROBLEM';

/** Every image of the version (a run's, or one asked for directly) with a cached embedding, placed by the first two principal components; entry i of each list describes the same image. */
export type EmbeddingMap = {
  __typename?: 'EmbeddingMap';
  /** Share of variance each axis shows. */
  explainedVariance: Array<Scalars['Float']['output']>;
  /** Images in the version (the map holds those embedded). */
  imageCount: Scalars['Int']['output'];
  imageIds: Array<Scalars['ID']['output']>;
  /** Given label's class index; -1 when not exactly one. */
  labelIndex: Array<Scalars['Int']['output']>;
  /** Class names; labelIndex points into them. */
  labels: Array<Scalars['String']['output']>;
  /** The run predicted another label (all false on a version's own map). */
  mistakes: Array<Scalars['Boolean']['output']>;
  /** The run whose review decisions (reviewPredictions, undoLastReviewDecision) a lasso action on this map is recorded as: the run itself, or for a version's own map its latest SUCCEEDED run, so a bulk move, exclusion or relabel is audited like one from the review page. Null when the version has no finished run: the map cannot be acted on yet. */
  reviewRunId?: Maybe<Scalars['ID']['output']>;
  /** reviewRunId has a prediction for the image, so a review decision can be recorded on it. */
  reviewable: Array<Scalars['Boolean']['output']>;
  /** The embedding space (backbone@version/size/preprocessing). */
  space?: Maybe<Scalars['String']['output']>;
  splits: Array<Scalars['String']['output']>;
  /** The run flagged the label as a suspected issue (all false on a version's own map). */
  suspected: Array<Scalars['Boolean']['output']>;
  /** In [-1, 1]. */
  x: Array<Scalars['Float']['output']>;
  /** In [-1, 1]. */
  y: Array<Scalars['Float']['output']>;
};

/** One finished epoch; stored once per epoch even when a run resumes after a crash. */
export type EpochMetric = {
  __typename?: 'EpochMetric';
  acc: Scalars['Float']['output'];
  /** 1-based, counted across head training and fine-tuning. */
  epoch: Scalars['Int']['output'];
  loss: Scalars['Float']['output'];
  /** "head", or "fine-tune" once backbone blocks are unfrozen. */
  phase: Scalars['String']['output'];
  seconds: Scalars['Float']['output'];
  valAcc?: Maybe<Scalars['Float']['output']>;
  valLoss?: Maybe<Scalars['Float']['output']>;
};

/** How late the API process's event loop ran, in milliseconds, over the last measuring window (perf_hooks.monitorEventLoopDelay). A high p99 means work is blocking the thread that serves every request. */
export type EventLoopDelay = {
  __typename?: 'EventLoopDelay';
  max: Scalars['Float']['output'];
  p50: Scalars['Float']['output'];
  p99: Scalars['Float']['output'];
  /** How many seconds the figures cover. */
  windowSeconds: Scalars['Float']['output'];
};

export type FreezeDatasetVersionInput = {
  datasetId: Scalars['ID']['input'];
  /** What changed, for people reading the version list. */
  note?: InputMaybe<Scalars['String']['input']>;
};

/** What reads the frozen features. */
export type HeadKind =
  /** The reference head, Dense(headUnits, relu) → Dropout → Dense, trained by gradient steps. */
  | 'DENSE'
  /** A Gaussian-kernel ridge classifier with every training image as a centre, solved in closed form (width and ridge by leave-one-out cross-validation); no epochs, rate, dropout or augmentation. Binary and multiclass, up to 2000 training images, frozen features only (not scratch, not fine-tuning). */
  | 'KERNEL';

/** Whether the API and its database answer. */
export type Health = {
  __typename?: 'Health';
  /** The database answered `SELECT 1`. */
  db: Scalars['Boolean']['output'];
  eventLoopDelayMs: EventLoopDelay;
  /** True when every dependency answers. */
  ok: Scalars['Boolean']['output'];
  /** The API's package version. */
  version: Scalars['String']['output'];
};

export type Image = {
  __typename?: 'Image';
  byteSize: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  dataset: Dataset;
  /** Kept, but left out of new versions. */
  excluded: Scalars['Boolean']['output'];
  height: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The relabel history (audit trail), oldest first. */
  labelChanges: LabelChangeConnection;
  /** Label names in class order. */
  labels: Array<Scalars['String']['output']>;
  /** Detected from the content, never from the file name. */
  mime: Scalars['String']['output'];
  originalName?: Maybe<Scalars['String']['output']>;
  /** Hex SHA-256 of the file: an image is stored once per dataset. */
  sha256: Scalars['String']['output'];
  split: Split;
  /** A small WebP preview (at most 256 px on the longer side). */
  thumbnailUrl: Scalars['String']['output'];
  /** The original file, served with the same access rules as GraphQL (relative to the API origin). */
  url: Scalars['String']['output'];
  width: Scalars['Int']['output'];
};


export type ImageLabelChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type ImageConnection = {
  __typename?: 'ImageConnection';
  edges: Array<ImageEdge>;
  pageInfo: PageInfo;
};

export type ImageEdge = {
  __typename?: 'ImageEdge';
  cursor: Scalars['String']['output'];
  node: Image;
};

export type ImageFilter = {
  /** Default: both. */
  excluded?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only images carrying this label. */
  label?: InputMaybe<Scalars['String']['input']>;
  split?: InputMaybe<Split>;
};

export type ImagePrediction = {
  __typename?: 'ImagePrediction';
  /** Its probability. */
  confidence: Scalars['Float']['output'];
  /** The most probable label. */
  label: Scalars['String']['output'];
  /** Multilabel runs: every label at or over the threshold; otherwise [label]. */
  labels: Array<Scalars['String']['output']>;
  /** Every label, in class order. */
  probabilities: Array<LabelProbability>;
  threshold: Scalars['Float']['output'];
  /** Confidence is under the run's threshold: a person should decide. */
  withheld: Scalars['Boolean']['output'];
};

export type Label = {
  __typename?: 'Label';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Class index: the output unit of a model trained on this dataset. */
  position: Scalars['Int']['output'];
};

/** One relabel: who, when, from which labels to which. */
export type LabelChange = {
  __typename?: 'LabelChange';
  createdAt: Scalars['DateTime']['output'];
  from: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  to: Array<Scalars['String']['output']>;
  /** Null when the account was deleted since. */
  user?: Maybe<User>;
};

export type LabelChangeConnection = {
  __typename?: 'LabelChangeConnection';
  edges: Array<LabelChangeEdge>;
  pageInfo: PageInfo;
};

export type LabelChangeEdge = {
  __typename?: 'LabelChangeEdge';
  cursor: Scalars['String']['output'];
  node: LabelChange;
};

export type LabelFromQueueInput = {
  /** An image of the unlabeled pool. */
  imageId: Scalars['ID']['input'];
  /** The suggestion, or any other label of the dataset. */
  label: Scalars['String']['input'];
};

export type LabelProbability = {
  __typename?: 'LabelProbability';
  label: Scalars['String']['output'];
  probability: Scalars['Float']['output'];
};

export type LabelQueueConnection = {
  __typename?: 'LabelQueueConnection';
  edges: Array<LabelQueueEdge>;
  /** Images labelled from the queue so far. */
  labelledCount: Scalars['Int']['output'];
  pageInfo: PageInfo;
  /** Of those, how many carry a suggestion. */
  suggestedCount: Scalars['Int']['output'];
  /** Unlabeled images left. */
  totalCount: Scalars['Int']['output'];
};

export type LabelQueueEdge = {
  __typename?: 'LabelQueueEdge';
  cursor: Scalars['String']['output'];
  node: LabelQueueItem;
};

/** An unlabeled image and the latest suggestion for it (null fields until a run has suggested). */
export type LabelQueueItem = {
  __typename?: 'LabelQueueItem';
  /** Probability of the suggested label. */
  confidence?: Maybe<Scalars['Float']['output']>;
  entropy?: Maybe<Scalars['Float']['output']>;
  imageId: Scalars['ID']['output'];
  imageUrl: Scalars['String']['output'];
  /** Top probability minus the second. */
  margin?: Maybe<Scalars['Float']['output']>;
  originalName?: Maybe<Scalars['String']['output']>;
  /** One per label of the suggesting run, in class order (empty without a suggestion). */
  probabilities: Array<Scalars['Float']['output']>;
  /** The run that suggested. */
  runId?: Maybe<Scalars['ID']['output']>;
  split: Split;
  suggestedLabel?: Maybe<Scalars['String']['output']>;
  thumbnailUrl: Scalars['String']['output'];
};

export type LabelQueueOrder =
  /** Highest entropy of the suggestion's probabilities first. */
  | 'ENTROPY'
  /** Smallest gap between the two most probable labels first: where the model is torn. */
  | 'MARGIN'
  /** A seeded random order, for comparison with the uncertainty orders. */
  | 'RANDOM';

/** Images carrying one label, per split (excluded images left out). */
export type LabelStats = {
  __typename?: 'LabelStats';
  label: Scalars['String']['output'];
  test: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
  train: Scalars['Int']['output'];
  val: Scalars['Int']['output'];
};

export type LeastConfidentConnection = {
  __typename?: 'LeastConfidentConnection';
  edges: Array<LeastConfidentEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type LeastConfidentEdge = {
  __typename?: 'LeastConfidentEdge';
  cursor: Scalars['String']['output'];
  node: ReviewItem;
};

export type LoadSampleDatasetInput = {
  sample: SampleDatasetId;
  teamId: Scalars['ID']['input'];
};

export type LogInInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  session?: SessionTransport;
};

export type ModelArtifact = {
  __typename?: 'ModelArtifact';
  byteSize: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  kind: ArtifactKind;
  /** The artifact's manifest (labels, input size, backbone, threshold) as JSON text. */
  manifestJson: Scalars['String']['output'];
};

export type MostConfidentConnection = {
  __typename?: 'MostConfidentConnection';
  edges: Array<MostConfidentEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type MostConfidentEdge = {
  __typename?: 'MostConfidentEdge';
  cursor: Scalars['String']['output'];
  node: ReviewItem;
};

export type MoveImageInput = {
  imageId: Scalars['ID']['input'];
  split: Split;
};

export type MovedImage = {
  __typename?: 'MovedImage';
  from: Split;
  id: Scalars['ID']['output'];
  sha256: Scalars['String']['output'];
  to: Split;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Needs EDITOR. */
  addDatasetLabels: Dataset;
  /** Add an existing account to the team. Needs ADMIN (OWNER to add an OWNER). */
  addTeamMember: TeamMember;
  /** Needs EDITOR. */
  cancelRun: CancelRunPayload;
  /** Needs ADMIN (OWNER when an OWNER is involved). The last OWNER cannot be demoted. */
  changeTeamMemberRole: TeamMember;
  createApiToken: CreateApiTokenPayload;
  /** Needs EDITOR in the team. */
  createDataset: Dataset;
  /** Queues a run on a frozen dataset version. Needs EDITOR. An invalid setting is BAD_USER_INPUT naming it (e.g. config.epochs). */
  createRun: Run;
  /** Create a team; the caller becomes its OWNER. */
  createTeam: Team;
  /** Deletes the dataset with its images, versions and runs. Needs ADMIN: it cannot be undone. */
  deleteDataset: DeleteDatasetPayload;
  /** Deletes a finished (SUCCEEDED, FAILED or CANCELLED) run with its epochs, predictions, review decisions and model files. Needs ADMIN, as for deleting a dataset: it cannot be undone. A queued or running run is CONFLICT: cancel it first. */
  deleteRun: DeleteRunPayload;
  /** Freezes the current labels, images (not excluded) and splits as the next version. Needs EDITOR. */
  freezeDatasetVersion: DatasetVersion;
  /** Gives an unlabeled image its label, recorded in its relabel history with the suggestion it had; the next frozen version holds it. Needs EDITOR. */
  labelFromQueue: Image;
  /** Creates a dataset in the team from a sample (named after it; " (2)", " (3)"… when the team already has one), imports its images with their train/val splits and freezes version 1, so a run can start at once. Needs EDITOR. */
  loadSampleDataset: Dataset;
  /** Sign in with email and password. Repeated failures per account and per client address are throttled: RATE_LIMITED with extensions.retryAfterSeconds. */
  logIn: AuthPayload;
  /** End the current session (cookie or bearer). API tokens are revoked with revokeApiToken instead. */
  logOut: Scalars['Boolean']['output'];
  /** Moves the image to another split. Frozen versions keep the split they recorded. Needs EDITOR. */
  moveImage: Image;
  /** Classifies stored images with the run's model. Needs VIEWER; the run must have SUCCEEDED. */
  predictImages: Array<StoredImagePrediction>;
  /** Batch predict over one split of the run's dataset, a page at a time. Needs VIEWER. */
  predictSplit: SplitPredictions;
  /** Replaces the labels and records who changed them from what to what. Needs EDITOR. */
  relabelImage: Image;
  /** Remove a member (needs ADMIN; OWNER to remove an OWNER), or leave the team by passing your own id. The last OWNER cannot leave. */
  removeTeamMember: RemoveTeamMemberPayload;
  /** Needs EDITOR. */
  renameDataset: Dataset;
  /** Queues a new run with the same version and config as a FAILED or CANCELLED one. Needs EDITOR. */
  retryRun: Run;
  /** Records a decision with who and when; RELABEL, EXCLUDE and MOVE_SPLIT change the dataset for its next version. Needs EDITOR. */
  reviewPrediction: ReviewDecision;
  /** The same decision on several images, one decision (and relabel audit row) each (MOVE_SPLIT: moves them to split), undone together by undoLastReviewDecision. Needs EDITOR. */
  reviewPredictions: Array<ReviewDecision>;
  /** Revoke one of your tokens; requests with it fail from now on. */
  revokeApiToken: ApiToken;
  /** Leaves the image out of (or puts it back into) the next version; the file stays. Needs EDITOR. */
  setImageExcluded: Image;
  /** Create an account and sign in to it. */
  signUp: AuthPayload;
  /** Re-assigns every image that is not excluded to train/val/test, stratified by label and seeded. Frozen versions keep their own splits. Needs EDITOR. */
  splitDataset: Dataset;
  /** Predicts every unlabeled image of the dataset with a finished run (in the API's prediction workers) and stores the suggestions the label queue offers. Needs EDITOR. */
  suggestLabels: SuggestLabelsPayload;
  /** Undoes your most recent decision on this run (all of a bulk action): labels and exclusion return to what they were, a relabel's undo recorded in the image's relabel history. Returns the undone decisions. Needs EDITOR. */
  undoLastReviewDecision: Array<ReviewDecision>;
};


export type MutationAddDatasetLabelsArgs = {
  input: AddDatasetLabelsInput;
};


export type MutationAddTeamMemberArgs = {
  input: AddTeamMemberInput;
};


export type MutationCancelRunArgs = {
  input: RunIdInput;
};


export type MutationChangeTeamMemberRoleArgs = {
  input: ChangeTeamMemberRoleInput;
};


export type MutationCreateApiTokenArgs = {
  input: CreateApiTokenInput;
};


export type MutationCreateDatasetArgs = {
  input: CreateDatasetInput;
};


export type MutationCreateRunArgs = {
  input: CreateRunInput;
};


export type MutationCreateTeamArgs = {
  input: CreateTeamInput;
};


export type MutationDeleteDatasetArgs = {
  input: DeleteDatasetInput;
};


export type MutationDeleteRunArgs = {
  input: RunIdInput;
};


export type MutationFreezeDatasetVersionArgs = {
  input: FreezeDatasetVersionInput;
};


export type MutationLabelFromQueueArgs = {
  input: LabelFromQueueInput;
};


export type MutationLoadSampleDatasetArgs = {
  input: LoadSampleDatasetInput;
};


export type MutationLogInArgs = {
  input: LogInInput;
};


export type MutationMoveImageArgs = {
  input: MoveImageInput;
};


export type MutationPredictImagesArgs = {
  input: PredictImagesInput;
};


export type MutationPredictSplitArgs = {
  input: PredictSplitInput;
};


export type MutationRelabelImageArgs = {
  input: RelabelImageInput;
};


export type MutationRemoveTeamMemberArgs = {
  input: RemoveTeamMemberInput;
};


export type MutationRenameDatasetArgs = {
  input: RenameDatasetInput;
};


export type MutationRetryRunArgs = {
  input: RunIdInput;
};


export type MutationReviewPredictionArgs = {
  input: ReviewPredictionInput;
};


export type MutationReviewPredictionsArgs = {
  input: ReviewPredictionsInput;
};


export type MutationRevokeApiTokenArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetImageExcludedArgs = {
  input: SetImageExcludedInput;
};


export type MutationSignUpArgs = {
  input: SignUpInput;
};


export type MutationSplitDatasetArgs = {
  input: SplitDatasetInput;
};


export type MutationSuggestLabelsArgs = {
  input: SuggestLabelsInput;
};


export type MutationUndoLastReviewDecisionArgs = {
  runId: Scalars['ID']['input'];
};

/** Images whose embeddings are nearly identical: the same object re-photographed, re-encoded or edited. */
export type NearDuplicateGroup = {
  __typename?: 'NearDuplicateGroup';
  imageIds: Array<Scalars['ID']['output']>;
  /** The group spans splits: the model would be graded on what it trained on. */
  leak: Scalars['Boolean']['output'];
  /** Highest cosine similarity inside the group. */
  maxSimilarity: Scalars['Float']['output'];
  splits: Array<Split>;
};

export type Optimizer =
  | 'ADAM'
  | 'RMSPROP'
  | 'SGD';

/** An image far from every class (a wrong crop, another kind of object, a broken file). */
export type OutlierImage = {
  __typename?: 'OutlierImage';
  imageId: Scalars['ID']['output'];
  label: Scalars['String']['output'];
  /** Robust z-score against its nearest class; lower is stranger. */
  score: Scalars['Float']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PrPoint = {
  __typename?: 'PrPoint';
  precision: Scalars['Float']['output'];
  recall: Scalars['Float']['output'];
  threshold: Scalars['Float']['output'];
};

export type PredictImagesInput = {
  /** Images of the run's team, at most 64. */
  imageIds: Array<Scalars['ID']['input']>;
  runId: Scalars['ID']['input'];
};

export type PredictSplitInput = {
  /** 1 to 64. */
  limit?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  runId: Scalars['ID']['input'];
  /** Of the run's dataset as it is now (not the frozen version). */
  split: Split;
};

export type Query = {
  __typename?: 'Query';
  /** The caller's personal API tokens, oldest first. */
  apiTokens: ApiTokenConnection;
  /** Config differences and headline figures of 2 to 10 runs the caller can read. */
  compareRuns: RunComparison;
  /** A dataset of a team the caller belongs to. */
  dataset: Dataset;
  datasetVersion: DatasetVersion;
  /** Images added, removed, relabelled and moved between two versions of one dataset. */
  datasetVersionDiff: VersionDiff;
  health: Health;
  image: Image;
  /** Measures a frozen version and recommends how to train on it. The first ask measures on a worker thread (tens of seconds on 2 cores); the answer is stored, so later asks are instant. */
  recommendRunConfig: ConfigRecommendation;
  run: Run;
  /** A team's runs, newest (or most accurate) first by default. Pages forward with first/after. */
  runs: RunConnection;
  /** Sample datasets that loadSampleDataset can put into a team. */
  sampleDatasets: Array<SampleDataset>;
  team: Team;
  /** The teams the caller belongs to, oldest first. */
  teams: TeamConnection;
  /** The signed-in user, or null when the request carries no valid credential. */
  viewer?: Maybe<User>;
};


export type QueryApiTokensArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeRevoked?: Scalars['Boolean']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCompareRunsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryDatasetArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDatasetVersionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDatasetVersionDiffArgs = {
  fromId: Scalars['ID']['input'];
  limit?: InputMaybe<Scalars['Int']['input']>;
  toId: Scalars['ID']['input'];
};


export type QueryImageArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRecommendRunConfigArgs = {
  versionId: Scalars['ID']['input'];
};


export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  direction?: InputMaybe<SortDirection>;
  filter?: InputMaybe<RunFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RunOrder>;
  teamId: Scalars['ID']['input'];
};


export type QueryTeamArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTeamsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type RecommendationReason = {
  __typename?: 'RecommendationReason';
  /** The setting it explains, or "strategy". */
  field: Scalars['String']['output'];
  sentence: Scalars['String']['output'];
};

export type RelabelImageInput = {
  imageId: Scalars['ID']['input'];
  /** The complete new set: one label, or any subset for MULTILABEL. */
  labels: Array<Scalars['String']['input']>;
  /** Kept in the audit trail. */
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type RelabelledImage = {
  __typename?: 'RelabelledImage';
  from: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  sha256: Scalars['String']['output'];
  to: Array<Scalars['String']['output']>;
};

export type RemoveTeamMemberInput = {
  teamId: Scalars['ID']['input'];
  /** Your own id to leave the team. */
  userId: Scalars['ID']['input'];
};

export type RemoveTeamMemberPayload = {
  __typename?: 'RemoveTeamMemberPayload';
  teamId: Scalars['ID']['output'];
  userId: Scalars['ID']['output'];
};

export type RenameDatasetInput = {
  datasetId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};

export type ReviewAction =
  /** No single label fits; recorded for the team, the dataset is unchanged. */
  | 'AMBIGUOUS'
  /** The given label is right. */
  | 'CONFIRM'
  /** The image leaves the next frozen version (it stays stored). */
  | 'EXCLUDE'
  /** The image moves to `split` in the next frozen version (frozen versions keep theirs). */
  | 'MOVE_SPLIT'
  /** The given label is wrong: the image gets newLabel (recorded in its relabel history). */
  | 'RELABEL';

export type ReviewDecision = {
  __typename?: 'ReviewDecision';
  action: ReviewAction;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  imageId: Scalars['ID']['output'];
  newLabel?: Maybe<Scalars['String']['output']>;
  /** MOVE_SPLIT: the split the image was moved to. */
  newSplit?: Maybe<Split>;
  /** MOVE_SPLIT: the split it had before (undo puts it back). */
  previousSplit?: Maybe<Split>;
  runId: Scalars['ID']['output'];
  /** When it was undone (undoLastReviewDecision); null while it stands. */
  undoneAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who decided; null when the account was deleted since. */
  user?: Maybe<User>;
};

export type ReviewDecisionConnection = {
  __typename?: 'ReviewDecisionConnection';
  edges: Array<ReviewDecisionEdge>;
  pageInfo: PageInfo;
};

export type ReviewDecisionEdge = {
  __typename?: 'ReviewDecisionEdge';
  cursor: Scalars['String']['output'];
  node: ReviewDecision;
};

/** One image as the run's model saw it. */
export type ReviewItem = {
  __typename?: 'ReviewItem';
  correct: Scalars['Boolean']['output'];
  /** The label in the version the run trained on. */
  givenLabel: Scalars['String']['output'];
  /** Probability the model gives the given label. */
  givenLabelProbability: Scalars['Float']['output'];
  /** The image as it is now (labels may have changed since the run); null if it was deleted. */
  image?: Maybe<Image>;
  imageId: Scalars['ID']['output'];
  /** The original file (relative to the API origin), same access rules as GraphQL. */
  imageUrl: Scalars['String']['output'];
  /** Within the recommended flag cut, chosen for precision; the rest is the ranked tail. */
  labelIssueFlagged: Scalars['Boolean']['output'];
  /** Training images: rank among the run's training labels by suspicion, 1 = most suspicious. */
  labelIssueRank?: Maybe<Scalars['Int']['output']>;
  /** Label-issue score (training images): 1 - the given label's out-of-sample quality, in [0, 1]; higher is more suspicious. */
  labelIssueScore?: Maybe<Scalars['Float']['output']>;
  /** The most recent review decision on this image for this run that was not undone. */
  latestDecision?: Maybe<ReviewDecision>;
  predictedLabel: Scalars['String']['output'];
  /** One per class, in class order. */
  probabilities: Array<Scalars['Float']['output']>;
  /** Probability of the predicted label. */
  probability: Scalars['Float']['output'];
  split: Split;
  /** The label the out-of-sample models find most likely instead. */
  suspectedLabel?: Maybe<Scalars['String']['output']>;
  thumbnailUrl: Scalars['String']['output'];
};

export type ReviewPredictionInput = {
  action: ReviewAction;
  /** An image the run has a prediction for. */
  imageId: Scalars['ID']['input'];
  /** RELABEL only: the label the image should carry. */
  newLabel?: InputMaybe<Scalars['String']['input']>;
  runId: Scalars['ID']['input'];
  /** MOVE_SPLIT only: the split to move it to. */
  split?: InputMaybe<Split>;
};

export type ReviewPredictionsInput = {
  action: ReviewAction;
  /** Images the run has predictions for, each once, at most 500. */
  imageIds: Array<Scalars['ID']['input']>;
  /** RELABEL only: the label every image should carry. */
  newLabel?: InputMaybe<Scalars['String']['input']>;
  runId: Scalars['ID']['input'];
  /** MOVE_SPLIT only: the split to move every image to. */
  split?: InputMaybe<Split>;
};

/** A member's role in a team; each includes the ones below it. */
export type Role =
  /** Manages members (except OWNERs), plus everything an EDITOR does. */
  | 'ADMIN'
  /** Changes datasets and starts runs, plus everything a VIEWER does. */
  | 'EDITOR'
  /** Everything, including making and removing OWNERs. */
  | 'OWNER'
  /** Reads the team's datasets, runs and reviews. */
  | 'VIEWER';

/** One training run on a frozen dataset version. */
export type Run = {
  __typename?: 'Run';
  artifacts: Array<ModelArtifact>;
  /** Attempts started so far; a run resumed after a trainer died counts again. */
  attempt: Scalars['Int']['output'];
  /** An AUTO run's search summary (null for other runs, and before a trainer started it). */
  autoSummary?: Maybe<AutoRunSummary>;
  /** The pixel baseline on the same split, once the run finished (null for runs from before baselines). */
  baseline?: Maybe<RunBaseline>;
  cancelRequested: Scalars['Boolean']['output'];
  /** Images labelled `label` that the model puts in another class, most confident first: label errors or blind spots. */
  confidentlyWrong: ConfidentlyWrongConnection;
  config: RunConfig;
  createdAt: Scalars['DateTime']['output'];
  /** Null when the account was deleted since. */
  creator?: Maybe<User>;
  /** The last finished epoch (0 before the first). */
  currentEpoch: Scalars['Int']['output'];
  dataset: Dataset;
  /** What went wrong with a SUCCEEDED run and what to try, most serious first ([] otherwise). */
  diagnosis: Array<RunDiagnosis>;
  /** A 2-D map of the run's images (PCA over their cached embeddings, computed off the event loop). Needs VIEWER. */
  embeddingMap: EmbeddingMap;
  /** Finished epochs in order. */
  epochs: Array<EpochMetric>;
  /** Why it FAILED, or why an attempt was retried. */
  error?: Maybe<Scalars['String']['output']>;
  /** Figures on one split from the run's stored predictions; null until the run has evaluated (or for multilabel runs). */
  evaluation?: Maybe<RunEvaluation>;
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** The label-issue flagging's estimates (flag cut, score threshold, estimated number of wrong labels, precision and recall); null until the run has evaluated, and for runs that rank no training images (multilabel). */
  labelIssues?: Maybe<RunLabelIssues>;
  /** Images labelled `label` that the model finds least like it (val and test unless `split` is given). */
  leastConfident: LeastConfidentConnection;
  /** This run beside the previous finished run on an earlier version of its dataset; null when there is none. Needs VIEWER. */
  lift?: Maybe<RunLift>;
  maxAttempts: Scalars['Int']['output'];
  /** A zip of the full and head-only models with a manifest (relative to the API origin); null until the run has a model. */
  modelDownloadUrl?: Maybe<Scalars['String']['output']>;
  /** Images labelled `label` that the model is surest belong to it (val and test unless `split` is given). */
  mostConfident: MostConfidentConnection;
  name?: Maybe<Scalars['String']['output']>;
  /** The AUTO run this run is a search trial of. */
  parentRun?: Maybe<Run>;
  /** Epochs the run will report if it does not stop early (head training plus fine-tuning). */
  plannedEpochs: Scalars['Int']['output'];
  /** POST images here as multipart/form-data (field "images") to classify them with this run's model. */
  predictUrl: Scalars['String']['output'];
  /** Set while RUNNING. */
  progress?: Maybe<RunProgress>;
  /** Every review decision on this run, oldest first. */
  reviewDecisions: ReviewDecisionConnection;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  status: RunStatus;
  /** Training images labelled `label` whose label looks wrong to out-of-sample models (k-fold, averaged), by rank: the flagged ones within the recommended cut, or with `includeUnflagged` the ranked tail too. */
  suspectedLabelIssues: SuspectedLabelIssuesConnection;
  team: Team;
  /** Accuracy on the test split once the run finished; null without test images. */
  testAccuracy?: Maybe<Scalars['Float']['output']>;
  /** An AUTO run's trial runs, oldest first ([] for other runs). */
  trials: Array<Run>;
  /** Accuracy on the validation split once the run finished (after best-epoch restore). */
  valAccuracy?: Maybe<Scalars['Float']['output']>;
  version: DatasetVersion;
};


/** One training run on a frozen dataset version. */
export type RunConfidentlyWrongArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeUnflagged?: InputMaybe<Scalars['Boolean']['input']>;
  label: Scalars['String']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
  maxScore?: InputMaybe<Scalars['Float']['input']>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  split?: InputMaybe<Split>;
};


/** One training run on a frozen dataset version. */
export type RunEvaluationArgs = {
  split?: InputMaybe<Split>;
  targetPrecision?: InputMaybe<Scalars['Float']['input']>;
};


/** One training run on a frozen dataset version. */
export type RunLeastConfidentArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeUnflagged?: InputMaybe<Scalars['Boolean']['input']>;
  label: Scalars['String']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
  maxScore?: InputMaybe<Scalars['Float']['input']>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  split?: InputMaybe<Split>;
};


/** One training run on a frozen dataset version. */
export type RunMostConfidentArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeUnflagged?: InputMaybe<Scalars['Boolean']['input']>;
  label: Scalars['String']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
  maxScore?: InputMaybe<Scalars['Float']['input']>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  split?: InputMaybe<Split>;
};


/** One training run on a frozen dataset version. */
export type RunReviewDecisionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** One training run on a frozen dataset version. */
export type RunSuspectedLabelIssuesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeUnflagged?: InputMaybe<Scalars['Boolean']['input']>;
  label: Scalars['String']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
  maxScore?: InputMaybe<Scalars['Float']['input']>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  split?: InputMaybe<Split>;
};

/** Logistic regression on the run's own images downscaled to a few hundred raw pixels, trained on the same train split (seconds): what the run must beat to have learnt anything the pixels do not already say. */
export type RunBaseline = {
  __typename?: 'RunBaseline';
  model: Scalars['String']['output'];
  /** The run's validation accuracy is below the baseline's. */
  runBelowBaseline: Scalars['Boolean']['output'];
  seconds: Scalars['Float']['output'];
  /** Side in pixels the images were downscaled to. */
  size: Scalars['Int']['output'];
  testAccuracy?: Maybe<Scalars['Float']['output']>;
  trainAccuracy: Scalars['Float']['output'];
  valAccuracy?: Maybe<Scalars['Float']['output']>;
  /** One sentence comparing the run with the baseline. */
  verdict: Scalars['String']['output'];
};

export type RunComparison = {
  __typename?: 'RunComparison';
  configDifferences: Array<ConfigDifference>;
  /** In the order of `runs`. */
  figures: Array<RunFigures>;
  runs: Array<Run>;
  /** Settings all the runs share. */
  sameFields: Array<Scalars['String']['output']>;
};

/** The settings a run trains with, every default resolved when it was created. */
export type RunConfig = {
  __typename?: 'RunConfig';
  /** Null when augmentation is off. */
  augmentation?: Maybe<Augmentation>;
  /** Set when strategy is AUTO. */
  auto?: Maybe<AutoSearch>;
  backbone: Scalars['String']['output'];
  batchSize: Scalars['Int']['output'];
  dropout: Scalars['Float']['output'];
  earlyStoppingPatience?: Maybe<Scalars['Int']['output']>;
  epochs: Scalars['Int']['output'];
  /** mobilenet_v2: the block whose pooled output the head reads ("block_10", "block_13", "block_16" or "out_relu"); null for scratch. */
  featureLayer?: Maybe<Scalars['String']['output']>;
  fineTuneBlocks: Scalars['Int']['output'];
  fineTuneEpochs: Scalars['Int']['output'];
  /** Each unfrozen block below the top trains at this factor of the rate of the block above. */
  fineTuneLayerDecay: Scalars['Float']['output'];
  fineTuneLearningRate: Scalars['Float']['output'];
  headKind: HeadKind;
  headUnits: Scalars['Int']['output'];
  inputSize: Scalars['Int']['output'];
  labelSmoothing: Scalars['Float']['output'];
  learningRate: Scalars['Float']['output'];
  /** KERNEL head only: the validation images joined the fit and each was scored by the fit without it (leave-one-out), so the model learnt from every labelled image while its validation figures stay out of sample. AUTO sets it on a kernel head's retrain. */
  leaveOneOutValidation: Scalars['Boolean']['output'];
  optimizer: Optimizer;
  schedule: Schedule;
  seed: Scalars['Int']['output'];
  strategy: RunStrategy;
  /** Predictions less confident than this are withheld for a person. */
  threshold: Scalars['Float']['output'];
  /** Set on an AUTO run's cross-fitted seed runs: the validation images outside this fold joined the training split. Null = the version's splits as they are. */
  validationFold?: Maybe<ValidationFold>;
  /** Decoupled weight decay (AdamW with Adam); 0 = off. */
  weightDecay: Scalars['Float']['output'];
};

/** Every field is optional; defaults: mobilenet_v2, input 224, batch 64, up to 50 epochs with early stopping (patience 8), learning rate 0.001, Adam, constant schedule, augmentation on, 64 head units, dropout 0.5, no fine-tuning, threshold 0.75, a random seed, strategy MANUAL. recommendRunConfig gives a config measured for a version. */
export type RunConfigInput = {
  /** null turns augmentation off. */
  augmentation?: InputMaybe<AugmentationInput>;
  /** AUTO only: the search's budget and shape. */
  auto?: InputMaybe<AutoSearchInput>;
  /** "mobilenet_v2" (ImageNet weights), "scratch" (a small CNN learnt from random weights) or "gradients" (fixed oriented-gradient features at 28-64 px; only the head trains). */
  backbone?: InputMaybe<Scalars['String']['input']>;
  batchSize?: InputMaybe<Scalars['Int']['input']>;
  dropout?: InputMaybe<Scalars['Float']['input']>;
  /** Epochs without val-loss improvement before stopping; null = never. */
  earlyStoppingPatience?: InputMaybe<Scalars['Int']['input']>;
  epochs?: InputMaybe<Scalars['Int']['input']>;
  /** mobilenet_v2 only: "block_10", "block_13", "block_16" or "out_relu" (default; required when fine-tuning). */
  featureLayer?: InputMaybe<Scalars['String']['input']>;
  /** Top backbone blocks unfrozen after head training; 0 = none. */
  fineTuneBlocks?: InputMaybe<Scalars['Int']['input']>;
  fineTuneEpochs?: InputMaybe<Scalars['Int']['input']>;
  /** Rate factor per unfrozen block below the top one (1 = one rate for all). */
  fineTuneLayerDecay?: InputMaybe<Scalars['Float']['input']>;
  fineTuneLearningRate?: InputMaybe<Scalars['Float']['input']>;
  /** DENSE (default) or KERNEL; KERNEL turns augmentation off unless it is given. */
  headKind?: InputMaybe<HeadKind>;
  headUnits?: InputMaybe<Scalars['Int']['input']>;
  /** mobilenet_v2: 96, 128, 160, 192 or 224; scratch: 28 to 224 in steps of 4 (28 is Fashion-MNIST's native size). */
  inputSize?: InputMaybe<Scalars['Int']['input']>;
  /** Label smoothing of the targets, 0 (off) to below 0.5. */
  labelSmoothing?: InputMaybe<Scalars['Float']['input']>;
  learningRate?: InputMaybe<Scalars['Float']['input']>;
  /** KERNEL head only: fit on the validation images too and score each by the fit without it (default false). */
  leaveOneOutValidation?: InputMaybe<Scalars['Boolean']['input']>;
  optimizer?: InputMaybe<Optimizer>;
  schedule?: InputMaybe<Schedule>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  strategy?: InputMaybe<RunStrategy>;
  threshold?: InputMaybe<Scalars['Float']['input']>;
  /** Decoupled weight decay (AdamW with Adam); 0 = off. */
  weightDecay?: InputMaybe<Scalars['Float']['input']>;
};

export type RunConnection = {
  __typename?: 'RunConnection';
  edges: Array<RunEdge>;
  pageInfo: PageInfo;
};

/** One finding about a finished run and the change to try. */
export type RunDiagnosis = {
  __typename?: 'RunDiagnosis';
  advice: Scalars['String']['output'];
  finding: Scalars['String']['output'];
  /** "underfit", "overfit", "below-baseline", "class-imbalance" or "too-few-images". */
  kind: Scalars['String']['output'];
  /** What the figures show and what to try. */
  message: Scalars['String']['output'];
  severity: DiagnosisSeverity;
  /** JSON text of the createRun config to try (this run's settings with the change applied; no seed), null when the fix is in the data. */
  suggestedConfig?: Maybe<Scalars['String']['output']>;
};

export type RunEdge = {
  __typename?: 'RunEdge';
  cursor: Scalars['String']['output'];
  node: Run;
};

export type RunEvaluation = {
  __typename?: 'RunEvaluation';
  accuracy: Scalars['Float']['output'];
  averagePrecision?: Maybe<Scalars['Float']['output']>;
  /** confusionMatrix[given][predicted] = image count, in `labels` order. */
  confusionMatrix: Array<Array<Scalars['Int']['output']>>;
  /** Images evaluated. */
  count: Scalars['Int']['output'];
  /** Class order of the matrix rows and columns. */
  labels: Array<Scalars['String']['output']>;
  macroF1: Scalars['Float']['output'];
  perClass: Array<ClassMetrics>;
  /** Binary runs: the class the PR curve treats as positive. */
  positiveLabel?: Maybe<Scalars['String']['output']>;
  /** Binary runs only. */
  prCurve?: Maybe<Array<PrPoint>>;
  /** Lowest threshold whose kept predictions reach targetPrecision; null when none does. */
  recommendedThreshold?: Maybe<Scalars['Float']['output']>;
  split: Split;
  targetPrecision: Scalars['Float']['output'];
  /** The run's withholding threshold. */
  threshold: Scalars['Float']['output'];
  thresholds: Array<ThresholdPoint>;
  /** Images whose top probability is under it. */
  withheldAtThreshold: Scalars['Int']['output'];
};

export type RunFigures = {
  __typename?: 'RunFigures';
  /** Best per-epoch validation accuracy. */
  bestValAccuracy?: Maybe<Scalars['Float']['output']>;
  /** Epochs recorded. */
  epochs: Scalars['Int']['output'];
  lastValLoss?: Maybe<Scalars['Float']['output']>;
  runId: Scalars['ID']['output'];
  /** Training time summed over the recorded epochs. */
  seconds: Scalars['Float']['output'];
  testAccuracy?: Maybe<Scalars['Float']['output']>;
  valAccuracy?: Maybe<Scalars['Float']['output']>;
};

export type RunFilter = {
  backbone?: InputMaybe<Scalars['String']['input']>;
  /** Inclusive. */
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Exclusive. */
  createdBefore?: InputMaybe<Scalars['DateTime']['input']>;
  creatorId?: InputMaybe<Scalars['ID']['input']>;
  datasetId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<RunStatus>;
};

export type RunIdInput = {
  runId: Scalars['ID']['input'];
};

/** How the run flagged suspected label issues among its training images, and how far to trust the flags: every estimate comes from the out-of-fold scores alone (no label was checked by a person). */
export type RunLabelIssues = {
  __typename?: 'RunLabelIssues';
  /** How many labels are wrong, estimated from how mislabelled images score. */
  estimatedErrors?: Maybe<Scalars['Float']['output']>;
  /** Confident learning's estimate of how many labels are wrong; it counts confusions between look-alike classes too, so it only caps the cut. */
  estimatedIssues?: Maybe<Scalars['Float']['output']>;
  /** Estimated share of the flagged images whose label is really wrong (a rough figure, not a promise). */
  estimatedPrecision?: Maybe<Scalars['Float']['output']>;
  /** Estimated share of the wrong labels that the flagged images catch. */
  estimatedRecall?: Maybe<Scalars['Float']['output']>;
  /** Images within the recommended cut (the most suspicious first); the rest is the ranked tail. */
  flagged: Scalars['Int']['output'];
  /** Folds of the out-of-fold models. */
  folds: Scalars['Int']['output'];
  /** Each model's weight in the pool (same order as `members`, summing to 1), fitted on the given labels; empty for runs from before the pool. */
  memberWeights: Array<Scalars['Float']['output']>;
  /** The out-of-fold models whose probabilities were pooled. */
  members: Array<Scalars['String']['output']>;
  /** The lowest labelIssueScore within the cut (every flagged image scores at least this); null when none is flagged. */
  scoreThreshold?: Maybe<Scalars['Float']['output']>;
  /** Training images ranked by how likely their label is wrong. */
  scored: Scalars['Int']['output'];
};

/** What changed since the previous run on an earlier version of the dataset, and what it bought. */
export type RunLift = {
  __typename?: 'RunLift';
  accuracy: Scalars['Float']['output'];
  accuracyDelta: Scalars['Float']['output'];
  added: Scalars['Int']['output'];
  perClass: Array<ClassLift>;
  previousAccuracy: Scalars['Float']['output'];
  previousRun: Run;
  previousVersionNumber: Scalars['Int']['output'];
  /** Label fixes between the two versions. */
  relabelled: Scalars['Int']['output'];
  /** Of those, how many the previous run had flagged as suspected label issues. */
  relabelledFlagged: Scalars['Int']['output'];
  /** Relabels inside the compared split: they change its answer key too. */
  relabelledInSplit: Scalars['Int']['output'];
  /** Images left out of this version (excluded or deleted). */
  removed: Scalars['Int']['output'];
  /** Where both runs were measured (TEST when both have it). */
  split: Split;
  versionNumber: Scalars['Int']['output'];
};

export type RunOrder =
  | 'CREATED_AT'
  /** Accuracy on the validation split; runs not yet evaluated come last. */
  | 'VAL_ACCURACY';

export type RunPreset = {
  __typename?: 'RunPreset';
  /** JSON text of the createRun config. */
  config: Scalars['String']['output'];
  description: Scalars['String']['output'];
  id: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

/** Where a running run is inside its current stage; the fields that apply to the stage are set. */
export type RunProgress = {
  __typename?: 'RunProgress';
  /** Training: batch i of n within the epoch. */
  batch?: Maybe<Scalars['Int']['output']>;
  /** Training: batches per epoch. */
  batches?: Maybe<Scalars['Int']['output']>;
  /** Embedding: vectors that came from the shared cache. */
  cached?: Maybe<Scalars['Int']['output']>;
  /** Items finished in this stage (images embedded, images evaluated). */
  done?: Maybe<Scalars['Int']['output']>;
  /** Training: the epoch in progress (1-based). */
  epoch?: Maybe<Scalars['Int']['output']>;
  /** Training: epochs in this phase. */
  epochs?: Maybe<Scalars['Int']['output']>;
  /** Embedding: "images", "augmented" or "activations". */
  pass?: Maybe<Scalars['String']['output']>;
  /** Training: "head" or "fine-tune". */
  phase?: Maybe<Scalars['String']['output']>;
  stage: RunStage;
  /** Evaluating: "validation", "test" or "label-issues". */
  step?: Maybe<Scalars['String']['output']>;
  /** Items in this stage. */
  total?: Maybe<Scalars['Int']['output']>;
};

export type RunStage =
  /** Images through the frozen backbone (cached vectors count as done). */
  | 'EMBEDDING'
  | 'EVALUATING'
  | 'LOADING'
  | 'SAVING'
  | 'TRAINING';

export type RunStatus =
  /** Stopped on request. */
  | 'CANCELLED'
  /** Stopped for the reason in `error`. */
  | 'FAILED'
  /** Waiting for a trainer. */
  | 'QUEUED'
  /** A trainer holds it and heartbeats. */
  | 'RUNNING'
  /** Trained and evaluated; its model can predict and be downloaded. */
  | 'SUCCEEDED';

export type RunStrategy =
  /** Measures the dataset, searches candidate configs as child trial runs (successive halving) within `auto.budgetSeconds`, then retrains the winner as this run. */
  | 'AUTO'
  /** Trains the config as given. */
  | 'MANUAL';

/** One change to a run. Fields that do not apply to the kind are null. */
export type RunUpdate = {
  __typename?: 'RunUpdate';
  attempt?: Maybe<Scalars['Int']['output']>;
  cancelRequested?: Maybe<Scalars['Boolean']['output']>;
  /** STATE: the last finished epoch. */
  currentEpoch?: Maybe<Scalars['Int']['output']>;
  /** EPOCH: the epoch that just finished. */
  epoch?: Maybe<EpochMetric>;
  /** STATE: every epoch finished so far, in order. */
  epochs?: Maybe<Array<EpochMetric>>;
  error?: Maybe<Scalars['String']['output']>;
  kind: RunUpdateKind;
  /** STATE (while running) and PROGRESS. */
  progress?: Maybe<RunProgress>;
  /** The whole run read now (one query per update: select it only when needed). */
  run?: Maybe<Run>;
  runId: Scalars['ID']['output'];
  /** STATE and STATUS. */
  status?: Maybe<RunStatus>;
};

export type RunUpdateKind =
  /** An epoch finished; `epoch` holds its metrics. */
  | 'EPOCH'
  /** Progress inside the current stage (images embedded, batch i of n). */
  | 'PROGRESS'
  /** The run as it stands: sent first, and again after the server had to resynchronise. */
  | 'STATE'
  /** The status, attempt or cancel flag changed. */
  | 'STATUS';

export type SampleDataset = {
  __typename?: 'SampleDataset';
  /** Credit to show wherever the images are shown. */
  attribution: Scalars['String']['output'];
  description: Scalars['String']['output'];
  id: SampleDatasetId;
  images: SampleImageCounts;
  /** In class order. */
  labels: Array<Scalars['String']['output']>;
  /** SPDX identifier of the images' licence. */
  licence: Scalars['String']['output'];
  sourceUrl: Scalars['String']['output'];
  task: Task;
  /** Also the name of the dataset a load creates (with " (2)"… for further copies). */
  title: Scalars['String']['output'];
};

/** A sample dataset shipped with Headstart. */
export type SampleDatasetId =
  /** Fashion-MNIST sneaker vs ankle boot (BINARY). */
  | 'FASHION_MNIST_SHOES'
  /** Fashion-MNIST, all ten classes (MULTICLASS). */
  | 'FASHION_MNIST_TEN';

/** The sample ships train and val folders; a loaded copy keeps those splits and has no test images. */
export type SampleImageCounts = {
  __typename?: 'SampleImageCounts';
  total: Scalars['Int']['output'];
  train: Scalars['Int']['output'];
  val: Scalars['Int']['output'];
};

/** How the learning rate moves over each phase's epochs. */
export type Schedule =
  | 'CONSTANT'
  /** Down to zero along a half cosine. */
  | 'COSINE'
  /** Up for the first part, then down (suits training from scratch). */
  | 'ONE_CYCLE';

/** How the new session is handed to the client. */
export type SessionTransport =
  /** Returned as `sessionToken`, to send as "Authorization: Bearer <token>". For scripts. */
  | 'BEARER'
  /** Set as an HTTP-only cookie; `sessionToken` is null. For browsers. */
  | 'COOKIE';

export type SetImageExcludedInput = {
  excluded: Scalars['Boolean']['input'];
  imageId: Scalars['ID']['input'];
};

export type SignUpInput = {
  email: Scalars['String']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  /** At least 10 characters. */
  password: Scalars['String']['input'];
  session?: SessionTransport;
};

export type SortDirection =
  | 'ASC'
  | 'DESC';

export type Split =
  /** Held out for the final figures. */
  | 'TEST'
  /** Fitted on. */
  | 'TRAIN'
  /** Watched during training (early stopping, threshold choice). */
  | 'VAL';

export type SplitCounts = {
  __typename?: 'SplitCounts';
  test: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
  train: Scalars['Int']['output'];
  val: Scalars['Int']['output'];
};

export type SplitDatasetInput = {
  datasetId: Scalars['ID']['input'];
  /** Default 80/10/10. */
  ratios?: InputMaybe<SplitRatiosInput>;
  /** The same seed and images always give the same split. */
  seed?: InputMaybe<Scalars['Int']['input']>;
};

export type SplitPredictions = {
  __typename?: 'SplitPredictions';
  items: Array<StoredImagePrediction>;
  /** Pass as offset for the next page; null after the last. */
  nextOffset?: Maybe<Scalars['Int']['output']>;
  /** Images in the split (excluded ones left out). */
  totalCount: Scalars['Int']['output'];
};

/** Relative sizes; they are normalised, so 80/10/10 and 0.8/0.1/0.1 mean the same. */
export type SplitRatiosInput = {
  test: Scalars['Float']['input'];
  train: Scalars['Float']['input'];
  val: Scalars['Float']['input'];
};

export type StoredImagePrediction = {
  __typename?: 'StoredImagePrediction';
  /** predictSplit: the image's labels now. */
  givenLabels?: Maybe<Array<Scalars['String']['output']>>;
  imageId: Scalars['ID']['output'];
  imageUrl: Scalars['String']['output'];
  prediction: ImagePrediction;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The run's current state, then every status change, finished epoch and progress step, in order. Completes after the run's final status (SUCCEEDED, FAILED or CANCELLED). */
  runUpdated: RunUpdate;
  /** The state of the team's 50 most recent runs, then every update to any of the team's runs. */
  teamRunsUpdated: RunUpdate;
};


export type SubscriptionRunUpdatedArgs = {
  runId: Scalars['ID']['input'];
};


export type SubscriptionTeamRunsUpdatedArgs = {
  teamId: Scalars['ID']['input'];
};

export type SuggestLabelsInput = {
  datasetId: Scalars['ID']['input'];
  /** Default: the dataset's latest SUCCEEDED run. */
  runId?: InputMaybe<Scalars['ID']['input']>;
};

export type SuggestLabelsPayload = {
  __typename?: 'SuggestLabelsPayload';
  /** The run whose model suggested. */
  runId: Scalars['ID']['output'];
  /** Unlabeled images that now carry its suggestion. */
  suggested: Scalars['Int']['output'];
};

export type SuspectedLabelIssuesConnection = {
  __typename?: 'SuspectedLabelIssuesConnection';
  edges: Array<SuspectedLabelIssuesEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type SuspectedLabelIssuesEdge = {
  __typename?: 'SuspectedLabelIssuesEdge';
  cursor: Scalars['String']['output'];
  node: ReviewItem;
};

/** What a model trained on the dataset predicts. */
export type Task =
  /** One of exactly two labels per image. */
  | 'BINARY'
  /** Exactly one of several labels per image. */
  | 'MULTICLASS'
  /** Any subset of the labels per image. */
  | 'MULTILABEL';

export type Team = {
  __typename?: 'Team';
  createdAt: Scalars['DateTime']['output'];
  /** The team's datasets, oldest first. */
  datasets: DatasetConnection;
  id: Scalars['ID']['output'];
  /** Members in the order they joined. */
  members: TeamMemberConnection;
  name: Scalars['String']['output'];
  slug: Scalars['String']['output'];
  /** The caller's role in this team. */
  viewerRole: Role;
};


export type TeamDatasetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type TeamMembersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type TeamConnection = {
  __typename?: 'TeamConnection';
  edges: Array<TeamEdge>;
  pageInfo: PageInfo;
};

export type TeamEdge = {
  __typename?: 'TeamEdge';
  cursor: Scalars['String']['output'];
  node: Team;
};

export type TeamMember = {
  __typename?: 'TeamMember';
  /** When the member joined. */
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  role: Role;
  user: User;
};

export type TeamMemberConnection = {
  __typename?: 'TeamMemberConnection';
  edges: Array<TeamMemberEdge>;
  pageInfo: PageInfo;
};

export type TeamMemberEdge = {
  __typename?: 'TeamMemberEdge';
  cursor: Scalars['String']['output'];
  node: TeamMember;
};

/** What withholding predictions under `threshold` confidence would do on this split. */
export type ThresholdPoint = {
  __typename?: 'ThresholdPoint';
  /** Accuracy of the predictions kept (1 when none are kept). */
  precision: Scalars['Float']['output'];
  /** Share of images that keep a prediction (coverage). */
  recall: Scalars['Float']['output'];
  threshold: Scalars['Float']['output'];
  /** Share of images sent to a person. */
  withheld: Scalars['Float']['output'];
};

/** A person with an account. */
export type User = {
  __typename?: 'User';
  createdAt: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
};

/** One fold of a version's validation split (stratified by class, the same for every run of the version). The run trained on the validation images outside it and validated on it alone. */
export type ValidationFold = {
  __typename?: 'ValidationFold';
  /** Folds the validation split is cut into (2 to 10). */
  count: Scalars['Int']['output'];
  /** The fold validated on, 0-based. */
  index: Scalars['Int']['output'];
};

export type VersionDataQuality = {
  __typename?: 'VersionDataQuality';
  /** Images with a cached embedding (those a run has embedded); only they are compared. */
  checked: Scalars['Int']['output'];
  groups: Array<NearDuplicateGroup>;
  imageCount: Scalars['Int']['output'];
  /** The groups that span splits. */
  leaks: Array<NearDuplicateGroup>;
  outliers: Array<OutlierImage>;
  /** The embedding space compared (backbone@version/size/preprocessing); null when none is cached. */
  space?: Maybe<Scalars['String']['output']>;
  /** Cosine similarity at which two images are near-duplicates. */
  threshold: Scalars['Float']['output'];
};

/** What changed between two versions. Each list holds at most `limit` items (max 1000); the counts are exact. */
export type VersionDiff = {
  __typename?: 'VersionDiff';
  added: Array<VersionImage>;
  addedCount: Scalars['Int']['output'];
  labelsAdded: Array<Scalars['String']['output']>;
  labelsRemoved: Array<Scalars['String']['output']>;
  moved: Array<MovedImage>;
  movedCount: Scalars['Int']['output'];
  relabelled: Array<RelabelledImage>;
  relabelledCount: Scalars['Int']['output'];
  removed: Array<VersionImage>;
  removedCount: Scalars['Int']['output'];
};

export type VersionImage = {
  __typename?: 'VersionImage';
  id: Scalars['ID']['output'];
  labels: Array<Scalars['String']['output']>;
  sha256: Scalars['String']['output'];
  split: Split;
};

export type VersionSplitCounts = {
  __typename?: 'VersionSplitCounts';
  test: Scalars['Int']['output'];
  train: Scalars['Int']['output'];
  val: Scalars['Int']['output'];
};

export type CompareRunsQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type CompareRunsQuery = { __typename?: 'Query', compareRuns: { __typename?: 'RunComparison', sameFields: Array<string>, configDifferences: Array<{ __typename?: 'ConfigDifference', field: string, values: Array<string> }>, figures: Array<{ __typename?: 'RunFigures', runId: string, epochs: number, seconds: number, bestValAccuracy?: number | null, valAccuracy?: number | null, testAccuracy?: number | null, lastValLoss?: number | null }>, runs: Array<{ __typename?: 'Run', id: string, name?: string | null, status: RunStatus, plannedEpochs: number, dataset: { __typename?: 'Dataset', name: string }, version: { __typename?: 'DatasetVersion', number: number }, epochs: Array<{ __typename?: 'EpochMetric', epoch: number, phase: string, loss: number, acc: number, valLoss?: number | null, valAcc?: number | null }> }> } };

export type PickRunsQueryVariables = Exact<{
  teamId: Scalars['ID']['input'];
}>;


export type PickRunsQuery = { __typename?: 'Query', runs: { __typename?: 'RunConnection', edges: Array<{ __typename?: 'RunEdge', node: { __typename?: 'Run', id: string, name?: string | null, status: RunStatus, createdAt: string, dataset: { __typename?: 'Dataset', name: string }, version: { __typename?: 'DatasetVersion', number: number } } }> } };

export type SampleDatasetsQueryVariables = Exact<{ [key: string]: never; }>;


export type SampleDatasetsQuery = { __typename?: 'Query', sampleDatasets: Array<{ __typename?: 'SampleDataset', id: SampleDatasetId, title: string, description: string, task: Task, labels: Array<string>, licence: string, attribution: string, sourceUrl: string, images: { __typename?: 'SampleImageCounts', total: number, train: number, val: number } }> };

export type LoadSampleDatasetMutationVariables = Exact<{
  input: LoadSampleDatasetInput;
}>;


export type LoadSampleDatasetMutation = { __typename?: 'Mutation', loadSampleDataset: { __typename?: 'Dataset', id: string, versions: { __typename?: 'DatasetVersionConnection', edges: Array<{ __typename?: 'DatasetVersionEdge', node: { __typename?: 'DatasetVersion', id: string } }> } } };

export type DatasetDataQualityQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DatasetDataQualityQuery = { __typename?: 'Query', dataset: { __typename?: 'Dataset', id: string, versions: { __typename?: 'DatasetVersionConnection', edges: Array<{ __typename?: 'DatasetVersionEdge', node: { __typename?: 'DatasetVersion', id: string, number: number, dataQuality: { __typename?: 'VersionDataQuality', space?: string | null, imageCount: number, checked: number, threshold: number, groups: Array<{ __typename?: 'NearDuplicateGroup', imageIds: Array<string>, splits: Array<Split>, leak: boolean, maxSimilarity: number }>, outliers: Array<{ __typename?: 'OutlierImage', imageId: string, label: string, score: number }> } } }> } } };

export type DatasetImagesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ImageFilter>;
}>;


export type DatasetImagesQuery = { __typename?: 'Query', dataset: { __typename?: 'Dataset', id: string, images: { __typename?: 'ImageConnection', edges: Array<{ __typename?: 'ImageEdge', node: { __typename?: 'Image', id: string, thumbnailUrl: string, labels: Array<string>, split: Split, excluded: boolean, originalName?: string | null } }>, pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean } } } };

export type ImageDetailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ImageDetailQuery = { __typename?: 'Query', image: { __typename?: 'Image', id: string, url: string, width: number, height: number, byteSize: number, mime: string, originalName?: string | null, createdAt: string, labelChanges: { __typename?: 'LabelChangeConnection', edges: Array<{ __typename?: 'LabelChangeEdge', node: { __typename?: 'LabelChange', id: string, from: Array<string>, to: Array<string>, reason?: string | null, createdAt: string, user?: { __typename?: 'User', email: string } | null } }> } } };

export type RelabelImageMutationVariables = Exact<{
  input: RelabelImageInput;
}>;


export type RelabelImageMutation = { __typename?: 'Mutation', relabelImage: { __typename?: 'Image', id: string, labels: Array<string> } };

export type MoveImageMutationVariables = Exact<{
  input: MoveImageInput;
}>;


export type MoveImageMutation = { __typename?: 'Mutation', moveImage: { __typename?: 'Image', id: string, split: Split } };

export type SetImageExcludedMutationVariables = Exact<{
  input: SetImageExcludedInput;
}>;


export type SetImageExcludedMutation = { __typename?: 'Mutation', setImageExcluded: { __typename?: 'Image', id: string, excluded: boolean } };

export type SplitDatasetMutationVariables = Exact<{
  input: SplitDatasetInput;
}>;


export type SplitDatasetMutation = { __typename?: 'Mutation', splitDataset: { __typename?: 'Dataset', id: string } };

export type DatasetVersionsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DatasetVersionsQuery = { __typename?: 'Query', dataset: { __typename?: 'Dataset', id: string, versions: { __typename?: 'DatasetVersionConnection', edges: Array<{ __typename?: 'DatasetVersionEdge', node: { __typename?: 'DatasetVersion', id: string, number: number, note?: string | null, imageCount: number, createdAt: string, labels: Array<string>, splitCounts: { __typename?: 'VersionSplitCounts', train: number, val: number, test: number } } }> } } };

export type FreezeDatasetVersionMutationVariables = Exact<{
  input: FreezeDatasetVersionInput;
}>;


export type FreezeDatasetVersionMutation = { __typename?: 'Mutation', freezeDatasetVersion: { __typename?: 'DatasetVersion', id: string, number: number, dataQuality: { __typename?: 'VersionDataQuality', checked: number, leaks: Array<{ __typename?: 'NearDuplicateGroup', imageIds: Array<string>, splits: Array<Split>, maxSimilarity: number }> } } };

export type VersionDiffQueryVariables = Exact<{
  fromId: Scalars['ID']['input'];
  toId: Scalars['ID']['input'];
}>;


export type VersionDiffQuery = { __typename?: 'Query', datasetVersionDiff: { __typename?: 'VersionDiff', addedCount: number, removedCount: number, relabelledCount: number, movedCount: number, labelsAdded: Array<string>, labelsRemoved: Array<string>, added: Array<{ __typename?: 'VersionImage', id: string, labels: Array<string>, split: Split }>, removed: Array<{ __typename?: 'VersionImage', id: string, labels: Array<string>, split: Split }>, relabelled: Array<{ __typename?: 'RelabelledImage', id: string, from: Array<string>, to: Array<string> }>, moved: Array<{ __typename?: 'MovedImage', id: string, from: Split, to: Split }> } };

export type LabelQueueQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  order: LabelQueueOrder;
  first: Scalars['Int']['input'];
}>;


export type LabelQueueQuery = { __typename?: 'Query', dataset: { __typename?: 'Dataset', id: string, name: string, labels: Array<{ __typename?: 'Label', name: string, position: number }>, labelQueue: { __typename?: 'LabelQueueConnection', totalCount: number, suggestedCount: number, labelledCount: number, edges: Array<{ __typename?: 'LabelQueueEdge', node: { __typename?: 'LabelQueueItem', imageId: string, imageUrl: string, thumbnailUrl: string, originalName?: string | null, split: Split, suggestedLabel?: string | null, confidence?: number | null, margin?: number | null, probabilities: Array<number> } }> } } };

export type SuggestLabelsMutationVariables = Exact<{
  input: SuggestLabelsInput;
}>;


export type SuggestLabelsMutation = { __typename?: 'Mutation', suggestLabels: { __typename?: 'SuggestLabelsPayload', runId: string, suggested: number } };

export type LabelFromQueueMutationVariables = Exact<{
  input: LabelFromQueueInput;
}>;


export type LabelFromQueueMutation = { __typename?: 'Mutation', labelFromQueue: { __typename?: 'Image', id: string, labels: Array<string> } };

export type DatasetEmbeddingMapQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DatasetEmbeddingMapQuery = { __typename?: 'Query', dataset: { __typename?: 'Dataset', id: string, name: string, versions: { __typename?: 'DatasetVersionConnection', edges: Array<{ __typename?: 'DatasetVersionEdge', node: { __typename?: 'DatasetVersion', id: string, number: number, embeddingMap: { __typename?: 'EmbeddingMap', space?: string | null, imageCount: number, labels: Array<string>, imageIds: Array<string>, x: Array<number>, y: Array<number>, labelIndex: Array<number>, splits: Array<string>, mistakes: Array<boolean>, suspected: Array<boolean>, reviewRunId?: string | null, reviewable: Array<boolean>, explainedVariance: Array<number> } } }> } } };

export type DatasetMapDecisionMutationVariables = Exact<{
  input: ReviewPredictionsInput;
}>;


export type DatasetMapDecisionMutation = { __typename?: 'Mutation', reviewPredictions: Array<{ __typename?: 'ReviewDecision', id: string }> };

export type DatasetMapUndoMutationVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type DatasetMapUndoMutation = { __typename?: 'Mutation', undoLastReviewDecision: Array<{ __typename?: 'ReviewDecision', id: string }> };

export type DatasetQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DatasetQuery = { __typename?: 'Query', dataset: { __typename?: 'Dataset', id: string, name: string, task: Task, updatedAt: string, team: { __typename?: 'Team', id: string }, labels: Array<{ __typename?: 'Label', id: string, name: string, position: number }>, stats: { __typename?: 'DatasetStats', excluded: number, images: { __typename?: 'SplitCounts', total: number, train: number, val: number, test: number }, labels: Array<{ __typename?: 'LabelStats', label: string, total: number, train: number, val: number, test: number }> } } };

export type RenameDatasetMutationVariables = Exact<{
  input: RenameDatasetInput;
}>;


export type RenameDatasetMutation = { __typename?: 'Mutation', renameDataset: { __typename?: 'Dataset', id: string, name: string } };

export type DeleteDatasetMutationVariables = Exact<{
  input: DeleteDatasetInput;
}>;


export type DeleteDatasetMutation = { __typename?: 'Mutation', deleteDataset: { __typename?: 'DeleteDatasetPayload', datasetId: string } };

export type TeamDatasetsQueryVariables = Exact<{
  teamId: Scalars['ID']['input'];
}>;


export type TeamDatasetsQuery = { __typename?: 'Query', team: { __typename?: 'Team', id: string, datasets: { __typename?: 'DatasetConnection', edges: Array<{ __typename?: 'DatasetEdge', node: { __typename?: 'Dataset', id: string, name: string, task: Task, updatedAt: string, labels: Array<{ __typename?: 'Label', name: string }>, stats: { __typename?: 'DatasetStats', excluded: number, images: { __typename?: 'SplitCounts', total: number, train: number, val: number, test: number } } } }> } } };

export type CreateDatasetMutationVariables = Exact<{
  input: CreateDatasetInput;
}>;


export type CreateDatasetMutation = { __typename?: 'Mutation', createDataset: { __typename?: 'Dataset', id: string } };

export type PredictRunsQueryVariables = Exact<{
  teamId: Scalars['ID']['input'];
}>;


export type PredictRunsQuery = { __typename?: 'Query', runs: { __typename?: 'RunConnection', edges: Array<{ __typename?: 'RunEdge', node: { __typename?: 'Run', id: string, name?: string | null, predictUrl: string, modelDownloadUrl?: string | null, createdAt: string, config: { __typename?: 'RunConfig', threshold: number }, dataset: { __typename?: 'Dataset', name: string }, version: { __typename?: 'DatasetVersion', number: number, labels: Array<string> } } }> } };

export type RunDiagnosisFieldsFragment = { __typename?: 'Run', id: string, name?: string | null, status: RunStatus, valAccuracy?: number | null, testAccuracy?: number | null, version: { __typename?: 'DatasetVersion', id: string }, baseline?: { __typename?: 'RunBaseline', size: number, trainAccuracy: number, valAccuracy?: number | null, testAccuracy?: number | null, runBelowBaseline: boolean, verdict: string, seconds: number } | null, diagnosis: Array<{ __typename?: 'RunDiagnosis', kind: string, severity: DiagnosisSeverity, finding: string, advice: string, suggestedConfig?: string | null }> } & { ' $fragmentName'?: 'RunDiagnosisFieldsFragment' };

export type StartSuggestedRunMutationVariables = Exact<{
  input: CreateRunInput;
}>;


export type StartSuggestedRunMutation = { __typename?: 'Mutation', createRun: { __typename?: 'Run', id: string } };

export type RunEvaluationFieldsFragment = { __typename?: 'RunEvaluation', split: Split, count: number, accuracy: number, macroF1: number, averagePrecision?: number | null, labels: Array<string>, confusionMatrix: Array<Array<number>>, threshold: number, targetPrecision: number, recommendedThreshold?: number | null, withheldAtThreshold: number, perClass: Array<{ __typename?: 'ClassMetrics', label: string, precision: number, recall: number, f1: number, support: number }>, thresholds: Array<{ __typename?: 'ThresholdPoint', threshold: number, precision: number, recall: number, withheld: number }> } & { ' $fragmentName'?: 'RunEvaluationFieldsFragment' };

export type RunHeaderFieldsFragment = { __typename?: 'Run', id: string, name?: string | null, maxAttempts: number, startedAt?: string | null, finishedAt?: string | null, modelDownloadUrl?: string | null, creator?: { __typename?: 'User', email: string } | null, dataset: { __typename?: 'Dataset', id: string, name: string }, version: { __typename?: 'DatasetVersion', number: number, imageCount: number }, config: { __typename?: 'RunConfig', backbone: string, fineTuneBlocks: number, strategy: RunStrategy } } & { ' $fragmentName'?: 'RunHeaderFieldsFragment' };

export type CancelRunMutationVariables = Exact<{
  input: RunIdInput;
}>;


export type CancelRunMutation = { __typename?: 'Mutation', cancelRun: { __typename?: 'CancelRunPayload', outcome: CancelOutcome, run: { __typename?: 'Run', id: string, status: RunStatus, cancelRequested: boolean } } };

export type RetryRunMutationVariables = Exact<{
  input: RunIdInput;
}>;


export type RetryRunMutation = { __typename?: 'Mutation', retryRun: { __typename?: 'Run', id: string } };

export type RunLiftQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunLiftQuery = { __typename?: 'Query', run: { __typename?: 'Run', id: string, lift?: { __typename?: 'RunLift', previousVersionNumber: number, versionNumber: number, split: Split, accuracy: number, previousAccuracy: number, accuracyDelta: number, relabelled: number, relabelledFlagged: number, relabelledInSplit: number, removed: number, added: number, previousRun: { __typename?: 'Run', id: string, name?: string | null }, perClass: Array<{ __typename?: 'ClassLift', label: string, f1: number, previousF1: number }> } | null } };

export type RunSettingsFieldsFragment = { __typename?: 'Run', config: { __typename?: 'RunConfig', inputSize: number, batchSize: number, epochs: number, learningRate: number, optimizer: Optimizer, headKind: HeadKind, headUnits: number, dropout: number, fineTuneBlocks: number, fineTuneEpochs: number, fineTuneLearningRate: number, earlyStoppingPatience?: number | null, threshold: number, seed: number, backbone: string, schedule: Schedule, labelSmoothing: number, weightDecay: number, featureLayer?: string | null, strategy: RunStrategy, leaveOneOutValidation: boolean, validationFold?: { __typename?: 'ValidationFold', index: number, count: number } | null, auto?: { __typename?: 'AutoSearch', budgetSeconds: number, maxTrials: number, minEpochs: number, eta: number } | null, augmentation?: { __typename?: 'Augmentation', rotation: number, widthShift: number, zoom: number, horizontalFlip: boolean } | null }, artifacts: Array<{ __typename?: 'ModelArtifact', kind: ArtifactKind, byteSize: number }> } & { ' $fragmentName'?: 'RunSettingsFieldsFragment' };

export type RunTrialsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunTrialsQuery = { __typename?: 'Query', run: { __typename?: 'Run', id: string, status: RunStatus, parentRun?: { __typename?: 'Run', id: string, name?: string | null } | null, autoSummary?: { __typename?: 'AutoRunSummary', phase: string, budgetSeconds: number, measureSeconds: number, searchSeconds?: number | null, budgetExhausted: boolean, strategy?: string | null, winnerTrialId?: string | null, winnerRunId?: string | null, reason?: string | null, retrainEpochs?: number | null, retrainFineTuneEpochs?: number | null, reasons: Array<{ __typename?: 'RecommendationReason', field: string, sentence: string }>, trials: Array<{ __typename?: 'AutoTrial', trialId: string, runId: string, rung: number, epochs: number, status: string, valAccuracy?: number | null, seconds?: number | null, verdict?: string | null, note?: string | null }> } | null } };

export type RunEmbeddingMapQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunEmbeddingMapQuery = { __typename?: 'Query', run: { __typename?: 'Run', id: string, name?: string | null, status: RunStatus, dataset: { __typename?: 'Dataset', id: string, name: string }, embeddingMap: { __typename?: 'EmbeddingMap', space?: string | null, imageCount: number, labels: Array<string>, imageIds: Array<string>, x: Array<number>, y: Array<number>, labelIndex: Array<number>, mistakes: Array<boolean>, suspected: Array<boolean>, explainedVariance: Array<number> } } };

export type MapDecisionMutationVariables = Exact<{
  input: ReviewPredictionsInput;
}>;


export type MapDecisionMutation = { __typename?: 'Mutation', reviewPredictions: Array<{ __typename?: 'ReviewDecision', id: string }> };

export type EpochFieldsFragment = { __typename?: 'EpochMetric', epoch: number, phase: string, loss: number, acc: number, valLoss?: number | null, valAcc?: number | null, seconds: number } & { ' $fragmentName'?: 'EpochFieldsFragment' };

export type ProgressFieldsFragment = { __typename?: 'RunProgress', stage: RunStage, done?: number | null, total?: number | null, cached?: number | null, pass?: string | null, epoch?: number | null, epochs?: number | null, batch?: number | null, batches?: number | null, phase?: string | null, step?: string | null } & { ' $fragmentName'?: 'ProgressFieldsFragment' };

export type RunQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  split: Split;
}>;


export type RunQuery = { __typename?: 'Query', run: (
    { __typename?: 'Run', id: string, status: RunStatus, attempt: number, error?: string | null, cancelRequested: boolean, currentEpoch: number, plannedEpochs: number, epochs: Array<(
      { __typename?: 'EpochMetric' }
      & { ' $fragmentRefs'?: { 'EpochFieldsFragment': EpochFieldsFragment } }
    )>, progress?: (
      { __typename?: 'RunProgress' }
      & { ' $fragmentRefs'?: { 'ProgressFieldsFragment': ProgressFieldsFragment } }
    ) | null, evaluation?: (
      { __typename?: 'RunEvaluation' }
      & { ' $fragmentRefs'?: { 'RunEvaluationFieldsFragment': RunEvaluationFieldsFragment } }
    ) | null }
    & { ' $fragmentRefs'?: { 'RunHeaderFieldsFragment': RunHeaderFieldsFragment;'RunSettingsFieldsFragment': RunSettingsFieldsFragment;'RunDiagnosisFieldsFragment': RunDiagnosisFieldsFragment } }
  ) };

export type RunUpdatedSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type RunUpdatedSubscription = { __typename?: 'Subscription', runUpdated: { __typename?: 'RunUpdate', kind: RunUpdateKind, runId: string, status?: RunStatus | null, attempt?: number | null, cancelRequested?: boolean | null, error?: string | null, currentEpoch?: number | null, epoch?: (
      { __typename?: 'EpochMetric' }
      & { ' $fragmentRefs'?: { 'EpochFieldsFragment': EpochFieldsFragment } }
    ) | null, epochs?: Array<(
      { __typename?: 'EpochMetric' }
      & { ' $fragmentRefs'?: { 'EpochFieldsFragment': EpochFieldsFragment } }
    )> | null, progress?: (
      { __typename?: 'RunProgress' }
      & { ' $fragmentRefs'?: { 'ProgressFieldsFragment': ProgressFieldsFragment } }
    ) | null } };

export type LabelIssueEstimatesFieldsFragment = { __typename?: 'Run', labelIssues?: { __typename?: 'RunLabelIssues', scored: number, flagged: number, folds: number, scoreThreshold?: number | null, estimatedIssues?: number | null, estimatedErrors?: number | null, estimatedPrecision?: number | null, estimatedRecall?: number | null, members: Array<string>, memberWeights: Array<number> } | null } & { ' $fragmentName'?: 'LabelIssueEstimatesFieldsFragment' };

export type ReviewItemFieldsFragment = { __typename?: 'ReviewItem', imageId: string, thumbnailUrl: string, imageUrl: string, givenLabel: string, predictedLabel: string, probability: number, givenLabelProbability: number, correct: boolean, split: Split, labelIssueScore?: number | null, labelIssueRank?: number | null, labelIssueFlagged: boolean, suspectedLabel?: string | null } & { ' $fragmentName'?: 'ReviewItemFieldsFragment' };

export type ReviewDecisionFieldsFragment = { __typename?: 'ReviewDecision', id: string, imageId: string, action: ReviewAction, newLabel?: string | null, createdAt: string, user?: { __typename?: 'User', email: string } | null } & { ' $fragmentName'?: 'ReviewDecisionFieldsFragment' };

export type ReviewMostConfidentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  label: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  split?: InputMaybe<Split>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
}>;


export type ReviewMostConfidentQuery = { __typename?: 'Query', run: { __typename?: 'Run', id: string, list: { __typename?: 'MostConfidentConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'MostConfidentEdge', node: (
          { __typename?: 'ReviewItem', imageId: string, latestDecision?: (
            { __typename?: 'ReviewDecision' }
            & { ' $fragmentRefs'?: { 'ReviewDecisionFieldsFragment': ReviewDecisionFieldsFragment } }
          ) | null }
          & { ' $fragmentRefs'?: { 'ReviewItemFieldsFragment': ReviewItemFieldsFragment } }
        ) }> } } };

export type ReviewLeastConfidentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  label: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  split?: InputMaybe<Split>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
}>;


export type ReviewLeastConfidentQuery = { __typename?: 'Query', run: { __typename?: 'Run', id: string, list: { __typename?: 'LeastConfidentConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'LeastConfidentEdge', node: (
          { __typename?: 'ReviewItem', imageId: string, latestDecision?: (
            { __typename?: 'ReviewDecision' }
            & { ' $fragmentRefs'?: { 'ReviewDecisionFieldsFragment': ReviewDecisionFieldsFragment } }
          ) | null }
          & { ' $fragmentRefs'?: { 'ReviewItemFieldsFragment': ReviewItemFieldsFragment } }
        ) }> } } };

export type ReviewConfidentlyWrongQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  label: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  split?: InputMaybe<Split>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
}>;


export type ReviewConfidentlyWrongQuery = { __typename?: 'Query', run: { __typename?: 'Run', id: string, list: { __typename?: 'ConfidentlyWrongConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'ConfidentlyWrongEdge', node: (
          { __typename?: 'ReviewItem', imageId: string, latestDecision?: (
            { __typename?: 'ReviewDecision' }
            & { ' $fragmentRefs'?: { 'ReviewDecisionFieldsFragment': ReviewDecisionFieldsFragment } }
          ) | null }
          & { ' $fragmentRefs'?: { 'ReviewItemFieldsFragment': ReviewItemFieldsFragment } }
        ) }> } } };

export type ReviewSuspectedIssuesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  label: Scalars['String']['input'];
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  split?: InputMaybe<Split>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  includeUnflagged?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type ReviewSuspectedIssuesQuery = { __typename?: 'Query', run: { __typename?: 'Run', id: string, list: { __typename?: 'SuspectedLabelIssuesConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'SuspectedLabelIssuesEdge', node: (
          { __typename?: 'ReviewItem', imageId: string, latestDecision?: (
            { __typename?: 'ReviewDecision' }
            & { ' $fragmentRefs'?: { 'ReviewDecisionFieldsFragment': ReviewDecisionFieldsFragment } }
          ) | null }
          & { ' $fragmentRefs'?: { 'ReviewItemFieldsFragment': ReviewItemFieldsFragment } }
        ) }> } } };

export type BulkReviewMutationVariables = Exact<{
  input: ReviewPredictionsInput;
}>;


export type BulkReviewMutation = { __typename?: 'Mutation', reviewPredictions: Array<(
    { __typename?: 'ReviewDecision' }
    & { ' $fragmentRefs'?: { 'ReviewDecisionFieldsFragment': ReviewDecisionFieldsFragment } }
  )> };

export type ReviewPredictionMutationVariables = Exact<{
  input: ReviewPredictionInput;
}>;


export type ReviewPredictionMutation = { __typename?: 'Mutation', reviewPrediction: (
    { __typename?: 'ReviewDecision' }
    & { ' $fragmentRefs'?: { 'ReviewDecisionFieldsFragment': ReviewDecisionFieldsFragment } }
  ) };

export type ReviewRunQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ReviewRunQuery = { __typename?: 'Query', run: (
    { __typename?: 'Run', id: string, name?: string | null, status: RunStatus, dataset: { __typename?: 'Dataset', id: string, name: string, task: Task }, version: { __typename?: 'DatasetVersion', number: number, labels: Array<string> } }
    & { ' $fragmentRefs'?: { 'LabelIssueEstimatesFieldsFragment': LabelIssueEstimatesFieldsFragment } }
  ) };

export type UndoLastReviewDecisionMutationVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type UndoLastReviewDecisionMutation = { __typename?: 'Mutation', undoLastReviewDecision: Array<{ __typename?: 'ReviewDecision', id: string, action: ReviewAction, newLabel?: string | null }> };

export type DatasetOptionFieldsFragment = { __typename?: 'Dataset', id: string, name: string, stats: { __typename?: 'DatasetStats', images: { __typename?: 'SplitCounts', total: number } } } & { ' $fragmentName'?: 'DatasetOptionFieldsFragment' };

export type VersionOptionFieldsFragment = { __typename?: 'DatasetVersion', id: string, number: number, note?: string | null, imageCount: number } & { ' $fragmentName'?: 'VersionOptionFieldsFragment' };

export type FreezeFirstVersionMutationVariables = Exact<{
  input: FreezeDatasetVersionInput;
}>;


export type FreezeFirstVersionMutation = { __typename?: 'Mutation', freezeDatasetVersion: { __typename?: 'DatasetVersion', id: string, number: number } };

export type RecommendRunConfigQueryVariables = Exact<{
  versionId: Scalars['ID']['input'];
}>;


export type RecommendRunConfigQuery = { __typename?: 'Query', recommendRunConfig: { __typename?: 'ConfigRecommendation', versionId: string, strategy: string, config: string, seconds: number, reasons: Array<{ __typename?: 'RecommendationReason', field: string, sentence: string }>, measurements: { __typename?: 'DatasetMeasurements', classes: number, trainImages: number, nativeSize: number, pixelProbeAccuracy: number, bestCut: string, backboneAdvantage: number } } };

export type CreateRecommendedRunMutationVariables = Exact<{
  input: CreateRunInput;
}>;


export type CreateRecommendedRunMutation = { __typename?: 'Mutation', createRun: { __typename?: 'Run', id: string } };

export type NewRunDatasetsQueryVariables = Exact<{
  teamId: Scalars['ID']['input'];
}>;


export type NewRunDatasetsQuery = { __typename?: 'Query', team: { __typename?: 'Team', id: string, datasets: { __typename?: 'DatasetConnection', edges: Array<{ __typename?: 'DatasetEdge', node: (
          { __typename?: 'Dataset', id: string }
          & { ' $fragmentRefs'?: { 'DatasetOptionFieldsFragment': DatasetOptionFieldsFragment } }
        ) }> } } };

export type NewRunVersionsQueryVariables = Exact<{
  datasetId: Scalars['ID']['input'];
}>;


export type NewRunVersionsQuery = { __typename?: 'Query', dataset: { __typename?: 'Dataset', id: string, images: { __typename?: 'ImageConnection', edges: Array<{ __typename?: 'ImageEdge', node: { __typename?: 'Image', id: string, width: number, height: number } }> }, versions: { __typename?: 'DatasetVersionConnection', edges: Array<{ __typename?: 'DatasetVersionEdge', node: (
          { __typename?: 'DatasetVersion', id: string }
          & { ' $fragmentRefs'?: { 'VersionOptionFieldsFragment': VersionOptionFieldsFragment } }
        ) }> } } };

export type CreateRunMutationVariables = Exact<{
  input: CreateRunInput;
}>;


export type CreateRunMutation = { __typename?: 'Mutation', createRun: { __typename?: 'Run', id: string } };

export type TeamRunsQueryVariables = Exact<{
  teamId: Scalars['ID']['input'];
  orderBy?: InputMaybe<RunOrder>;
  filter?: InputMaybe<RunFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TeamRunsQuery = { __typename?: 'Query', runs: { __typename?: 'RunConnection', pageInfo: { __typename?: 'PageInfo', endCursor?: string | null, hasNextPage: boolean }, edges: Array<{ __typename?: 'RunEdge', node: { __typename?: 'Run', id: string, name?: string | null, status: RunStatus, attempt: number, error?: string | null, cancelRequested: boolean, createdAt: string, currentEpoch: number, plannedEpochs: number, dataset: { __typename?: 'Dataset', id: string, name: string }, version: { __typename?: 'DatasetVersion', number: number }, config: { __typename?: 'RunConfig', fineTuneBlocks: number, epochs: number }, epochs: Array<{ __typename?: 'EpochMetric', epoch: number, phase: string, loss: number, acc: number, valAcc?: number | null }> } }> } };

export type TeamRunsUpdatedSubscriptionVariables = Exact<{
  teamId: Scalars['ID']['input'];
}>;


export type TeamRunsUpdatedSubscription = { __typename?: 'Subscription', teamRunsUpdated: { __typename?: 'RunUpdate', kind: RunUpdateKind, runId: string, status?: RunStatus | null, attempt?: number | null, cancelRequested?: boolean | null, error?: string | null, currentEpoch?: number | null, epoch?: { __typename?: 'EpochMetric', epoch: number, phase: string, loss: number, acc: number, valLoss?: number | null, valAcc?: number | null } | null } };

export type TeamMembersQueryVariables = Exact<{
  teamId: Scalars['ID']['input'];
}>;


export type TeamMembersQuery = { __typename?: 'Query', team: { __typename?: 'Team', id: string, name: string, viewerRole: Role, members: { __typename?: 'TeamMemberConnection', edges: Array<{ __typename?: 'TeamMemberEdge', node: { __typename?: 'TeamMember', id: string, role: Role, createdAt: string, user: { __typename?: 'User', id: string, email: string, name?: string | null } } }> } } };

export type AddTeamMemberMutationVariables = Exact<{
  input: AddTeamMemberInput;
}>;


export type AddTeamMemberMutation = { __typename?: 'Mutation', addTeamMember: { __typename?: 'TeamMember', id: string, role: Role } };

export type ChangeTeamMemberRoleMutationVariables = Exact<{
  input: ChangeTeamMemberRoleInput;
}>;


export type ChangeTeamMemberRoleMutation = { __typename?: 'Mutation', changeTeamMemberRole: { __typename?: 'TeamMember', id: string, role: Role } };

export type RemoveTeamMemberMutationVariables = Exact<{
  input: RemoveTeamMemberInput;
}>;


export type RemoveTeamMemberMutation = { __typename?: 'Mutation', removeTeamMember: { __typename?: 'RemoveTeamMemberPayload', teamId: string, userId: string } };

export type ApiTokenRowFieldsFragment = { __typename?: 'ApiToken', id: string, name: string, prefix: string, createdAt: string, lastUsedAt?: string | null, revokedAt?: string | null } & { ' $fragmentName'?: 'ApiTokenRowFieldsFragment' };

export type RevokeApiTokenMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RevokeApiTokenMutation = { __typename?: 'Mutation', revokeApiToken: { __typename?: 'ApiToken', id: string, revokedAt?: string | null } };

export type ApiTokensQueryVariables = Exact<{
  includeRevoked: Scalars['Boolean']['input'];
}>;


export type ApiTokensQuery = { __typename?: 'Query', apiTokens: { __typename?: 'ApiTokenConnection', edges: Array<{ __typename?: 'ApiTokenEdge', node: (
        { __typename?: 'ApiToken', id: string }
        & { ' $fragmentRefs'?: { 'ApiTokenRowFieldsFragment': ApiTokenRowFieldsFragment } }
      ) }> } };

export type CreateApiTokenMutationVariables = Exact<{
  input: CreateApiTokenInput;
}>;


export type CreateApiTokenMutation = { __typename?: 'Mutation', createApiToken: { __typename?: 'CreateApiTokenPayload', token: string, apiToken: { __typename?: 'ApiToken', id: string, name: string } } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { __typename?: 'Query', viewer?: { __typename?: 'User', id: string, email: string, name?: string | null } | null };

export type MyTeamsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyTeamsQuery = { __typename?: 'Query', teams: { __typename?: 'TeamConnection', edges: Array<{ __typename?: 'TeamEdge', node: { __typename?: 'Team', id: string, name: string, slug: string, viewerRole: Role } }> } };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { __typename?: 'Mutation', signUp: { __typename?: 'AuthPayload', user: { __typename?: 'User', id: string, email: string } } };

export type LogInMutationVariables = Exact<{
  input: LogInInput;
}>;


export type LogInMutation = { __typename?: 'Mutation', logIn: { __typename?: 'AuthPayload', user: { __typename?: 'User', id: string, email: string } } };

export type LogOutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogOutMutation = { __typename?: 'Mutation', logOut: boolean };

export type CreateTeamMutationVariables = Exact<{
  input: CreateTeamInput;
}>;


export type CreateTeamMutation = { __typename?: 'Mutation', createTeam: { __typename?: 'Team', id: string, name: string, slug: string, viewerRole: Role } };

export const RunDiagnosisFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDiagnosisFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"valAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"testAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"baseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"trainAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"valAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"testAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"runBelowBaseline"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"diagnosis"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"finding"}},{"kind":"Field","name":{"kind":"Name","value":"advice"}},{"kind":"Field","name":{"kind":"Name","value":"suggestedConfig"}}]}}]}}]} as unknown as DocumentNode<RunDiagnosisFieldsFragment, unknown>;
export const RunEvaluationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEvaluationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvaluation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}},{"kind":"Field","name":{"kind":"Name","value":"macroF1"}},{"kind":"Field","name":{"kind":"Name","value":"averagePrecision"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"confusionMatrix"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"targetPrecision"}},{"kind":"Field","name":{"kind":"Name","value":"recommendedThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"withheldAtThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"perClass"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"f1"}},{"kind":"Field","name":{"kind":"Name","value":"support"}}]}},{"kind":"Field","name":{"kind":"Name","value":"thresholds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"withheld"}}]}}]}}]} as unknown as DocumentNode<RunEvaluationFieldsFragment, unknown>;
export const RunHeaderFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunHeaderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelDownloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"creator"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backbone"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneBlocks"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}}]}}]}}]} as unknown as DocumentNode<RunHeaderFieldsFragment, unknown>;
export const RunSettingsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputSize"}},{"kind":"Field","name":{"kind":"Name","value":"batchSize"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"learningRate"}},{"kind":"Field","name":{"kind":"Name","value":"optimizer"}},{"kind":"Field","name":{"kind":"Name","value":"headKind"}},{"kind":"Field","name":{"kind":"Name","value":"headUnits"}},{"kind":"Field","name":{"kind":"Name","value":"dropout"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneBlocks"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneLearningRate"}},{"kind":"Field","name":{"kind":"Name","value":"earlyStoppingPatience"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"seed"}},{"kind":"Field","name":{"kind":"Name","value":"backbone"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"labelSmoothing"}},{"kind":"Field","name":{"kind":"Name","value":"weightDecay"}},{"kind":"Field","name":{"kind":"Name","value":"featureLayer"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"validationFold"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"leaveOneOutValidation"}},{"kind":"Field","name":{"kind":"Name","value":"auto"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"budgetSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxTrials"}},{"kind":"Field","name":{"kind":"Name","value":"minEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"eta"}}]}},{"kind":"Field","name":{"kind":"Name","value":"augmentation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotation"}},{"kind":"Field","name":{"kind":"Name","value":"widthShift"}},{"kind":"Field","name":{"kind":"Name","value":"zoom"}},{"kind":"Field","name":{"kind":"Name","value":"horizontalFlip"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"artifacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}}]}}]}}]} as unknown as DocumentNode<RunSettingsFieldsFragment, unknown>;
export const EpochFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EpochFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EpochMetric"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"acc"}},{"kind":"Field","name":{"kind":"Name","value":"valLoss"}},{"kind":"Field","name":{"kind":"Name","value":"valAcc"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}}]}}]} as unknown as DocumentNode<EpochFieldsFragment, unknown>;
export const ProgressFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"pass"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"batch"}},{"kind":"Field","name":{"kind":"Name","value":"batches"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"step"}}]}}]} as unknown as DocumentNode<ProgressFieldsFragment, unknown>;
export const LabelIssueEstimatesFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LabelIssueEstimatesFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labelIssues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scored"}},{"kind":"Field","name":{"kind":"Name","value":"flagged"}},{"kind":"Field","name":{"kind":"Name","value":"folds"}},{"kind":"Field","name":{"kind":"Name","value":"scoreThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedIssues"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedErrors"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedPrecision"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedRecall"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"memberWeights"}}]}}]}}]} as unknown as DocumentNode<LabelIssueEstimatesFieldsFragment, unknown>;
export const ReviewItemFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewItemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabel"}},{"kind":"Field","name":{"kind":"Name","value":"predictedLabel"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabelProbability"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueScore"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueRank"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueFlagged"}},{"kind":"Field","name":{"kind":"Name","value":"suspectedLabel"}}]}}]} as unknown as DocumentNode<ReviewItemFieldsFragment, unknown>;
export const ReviewDecisionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewDecisionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<ReviewDecisionFieldsFragment, unknown>;
export const DatasetOptionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetOptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]}}]} as unknown as DocumentNode<DatasetOptionFieldsFragment, unknown>;
export const VersionOptionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VersionOptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}}]}}]} as unknown as DocumentNode<VersionOptionFieldsFragment, unknown>;
export const ApiTokenRowFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]} as unknown as DocumentNode<ApiTokenRowFieldsFragment, unknown>;
export const CompareRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompareRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"compareRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sameFields"}},{"kind":"Field","name":{"kind":"Name","value":"configDifferences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}},{"kind":"Field","name":{"kind":"Name","value":"bestValAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"valAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"testAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"lastValLoss"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"plannedEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"epochs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"acc"}},{"kind":"Field","name":{"kind":"Name","value":"valLoss"}},{"kind":"Field","name":{"kind":"Name","value":"valAcc"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompareRunsQuery, CompareRunsQueryVariables>;
export const PickRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PickRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"teamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PickRunsQuery, PickRunsQueryVariables>;
export const SampleDatasetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SampleDatasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sampleDatasets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"task"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"train"}},{"kind":"Field","name":{"kind":"Name","value":"val"}}]}},{"kind":"Field","name":{"kind":"Name","value":"licence"}},{"kind":"Field","name":{"kind":"Name","value":"attribution"}},{"kind":"Field","name":{"kind":"Name","value":"sourceUrl"}}]}}]}}]} as unknown as DocumentNode<SampleDatasetsQuery, SampleDatasetsQueryVariables>;
export const LoadSampleDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LoadSampleDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LoadSampleDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"loadSampleDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<LoadSampleDatasetMutation, LoadSampleDatasetMutationVariables>;
export const DatasetDataQualityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetDataQuality"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"dataQuality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"space"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageIds"}},{"kind":"Field","name":{"kind":"Name","value":"splits"}},{"kind":"Field","name":{"kind":"Name","value":"leak"}},{"kind":"Field","name":{"kind":"Name","value":"maxSimilarity"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outliers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"score"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DatasetDataQualityQuery, DatasetDataQualityQueryVariables>;
export const DatasetImagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ImageFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"excluded"}},{"kind":"Field","name":{"kind":"Name","value":"originalName"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DatasetImagesQuery, DatasetImagesQueryVariables>;
export const ImageDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImageDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}},{"kind":"Field","name":{"kind":"Name","value":"mime"}},{"kind":"Field","name":{"kind":"Name","value":"originalName"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"labelChanges"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ImageDetailQuery, ImageDetailQueryVariables>;
export const RelabelImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RelabelImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RelabelImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relabelImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}}]}}]} as unknown as DocumentNode<RelabelImageMutation, RelabelImageMutationVariables>;
export const MoveImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MoveImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MoveImageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"split"}}]}}]}}]} as unknown as DocumentNode<MoveImageMutation, MoveImageMutationVariables>;
export const SetImageExcludedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetImageExcluded"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetImageExcludedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setImageExcluded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"excluded"}}]}}]}}]} as unknown as DocumentNode<SetImageExcludedMutation, SetImageExcludedMutationVariables>;
export const SplitDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SplitDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SplitDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"splitDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<SplitDatasetMutation, SplitDatasetMutationVariables>;
export const DatasetVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"splitCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"train"}},{"kind":"Field","name":{"kind":"Name","value":"val"}},{"kind":"Field","name":{"kind":"Name","value":"test"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DatasetVersionsQuery, DatasetVersionsQueryVariables>;
export const FreezeDatasetVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FreezeDatasetVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FreezeDatasetVersionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"freezeDatasetVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"dataQuality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"leaks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageIds"}},{"kind":"Field","name":{"kind":"Name","value":"splits"}},{"kind":"Field","name":{"kind":"Name","value":"maxSimilarity"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FreezeDatasetVersionMutation, FreezeDatasetVersionMutationVariables>;
export const VersionDiffDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VersionDiff"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"fromId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetVersionDiff"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"fromId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"fromId"}}},{"kind":"Argument","name":{"kind":"Name","value":"toId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toId"}}},{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"60"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addedCount"}},{"kind":"Field","name":{"kind":"Name","value":"removedCount"}},{"kind":"Field","name":{"kind":"Name","value":"relabelledCount"}},{"kind":"Field","name":{"kind":"Name","value":"movedCount"}},{"kind":"Field","name":{"kind":"Name","value":"labelsAdded"}},{"kind":"Field","name":{"kind":"Name","value":"labelsRemoved"}},{"kind":"Field","name":{"kind":"Name","value":"added"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"split"}}]}},{"kind":"Field","name":{"kind":"Name","value":"removed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"split"}}]}},{"kind":"Field","name":{"kind":"Name","value":"relabelled"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}},{"kind":"Field","name":{"kind":"Name","value":"moved"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}}]}}]}}]}}]} as unknown as DocumentNode<VersionDiffQuery, VersionDiffQueryVariables>;
export const LabelQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LabelQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"order"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LabelQueueOrder"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labelQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"Variable","name":{"kind":"Name","value":"order"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"suggestedCount"}},{"kind":"Field","name":{"kind":"Name","value":"labelledCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"originalName"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"suggestedLabel"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"margin"}},{"kind":"Field","name":{"kind":"Name","value":"probabilities"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<LabelQueueQuery, LabelQueueQueryVariables>;
export const SuggestLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SuggestLabels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestLabelsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestLabels"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"suggested"}}]}}]}}]} as unknown as DocumentNode<SuggestLabelsMutation, SuggestLabelsMutationVariables>;
export const LabelFromQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LabelFromQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LabelFromQueueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labelFromQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}}]}}]} as unknown as DocumentNode<LabelFromQueueMutation, LabelFromQueueMutationVariables>;
export const DatasetEmbeddingMapDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetEmbeddingMap"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"embeddingMap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"space"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"imageIds"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"labelIndex"}},{"kind":"Field","name":{"kind":"Name","value":"splits"}},{"kind":"Field","name":{"kind":"Name","value":"mistakes"}},{"kind":"Field","name":{"kind":"Name","value":"suspected"}},{"kind":"Field","name":{"kind":"Name","value":"reviewRunId"}},{"kind":"Field","name":{"kind":"Name","value":"reviewable"}},{"kind":"Field","name":{"kind":"Name","value":"explainedVariance"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DatasetEmbeddingMapQuery, DatasetEmbeddingMapQueryVariables>;
export const DatasetMapDecisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DatasetMapDecision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewPredictionsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewPredictions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<DatasetMapDecisionMutation, DatasetMapDecisionMutationVariables>;
export const DatasetMapUndoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DatasetMapUndo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"undoLastReviewDecision"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<DatasetMapUndoMutation, DatasetMapUndoMutationVariables>;
export const DatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"task"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"team"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"excluded"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"train"}},{"kind":"Field","name":{"kind":"Name","value":"val"}},{"kind":"Field","name":{"kind":"Name","value":"test"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"train"}},{"kind":"Field","name":{"kind":"Name","value":"val"}},{"kind":"Field","name":{"kind":"Name","value":"test"}}]}}]}}]}}]}}]} as unknown as DocumentNode<DatasetQuery, DatasetQueryVariables>;
export const RenameDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RenameDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RenameDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"renameDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<RenameDatasetMutation, RenameDatasetMutationVariables>;
export const DeleteDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasetId"}}]}}]}}]} as unknown as DocumentNode<DeleteDatasetMutation, DeleteDatasetMutationVariables>;
export const TeamDatasetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TeamDatasets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"team"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"task"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"excluded"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"train"}},{"kind":"Field","name":{"kind":"Name","value":"val"}},{"kind":"Field","name":{"kind":"Name","value":"test"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TeamDatasetsQuery, TeamDatasetsQueryVariables>;
export const CreateDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDatasetInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateDatasetMutation, CreateDatasetMutationVariables>;
export const PredictRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PredictRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"teamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"EnumValue","value":"SUCCEEDED"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"predictUrl"}},{"kind":"Field","name":{"kind":"Name","value":"modelDownloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threshold"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PredictRunsQuery, PredictRunsQueryVariables>;
export const StartSuggestedRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartSuggestedRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateRunInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<StartSuggestedRunMutation, StartSuggestedRunMutationVariables>;
export const CancelRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RunIdInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}}]}}]}}]}}]} as unknown as DocumentNode<CancelRunMutation, CancelRunMutationVariables>;
export const RetryRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetryRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RunIdInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<RetryRunMutation, RetryRunMutationVariables>;
export const RunLiftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunLift"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previousRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"previousVersionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"versionNumber"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}},{"kind":"Field","name":{"kind":"Name","value":"previousAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"accuracyDelta"}},{"kind":"Field","name":{"kind":"Name","value":"perClass"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"f1"}},{"kind":"Field","name":{"kind":"Name","value":"previousF1"}}]}},{"kind":"Field","name":{"kind":"Name","value":"relabelled"}},{"kind":"Field","name":{"kind":"Name","value":"relabelledFlagged"}},{"kind":"Field","name":{"kind":"Name","value":"relabelledInSplit"}},{"kind":"Field","name":{"kind":"Name","value":"removed"}},{"kind":"Field","name":{"kind":"Name","value":"added"}}]}}]}}]}}]} as unknown as DocumentNode<RunLiftQuery, RunLiftQueryVariables>;
export const RunTrialsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunTrials"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"parentRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"autoSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"budgetSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"measureSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"searchSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"budgetExhausted"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"sentence"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trialId"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"rung"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"valAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}},{"kind":"Field","name":{"kind":"Name","value":"winnerTrialId"}},{"kind":"Field","name":{"kind":"Name","value":"winnerRunId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"retrainEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"retrainFineTuneEpochs"}}]}}]}}]}}]} as unknown as DocumentNode<RunTrialsQuery, RunTrialsQueryVariables>;
export const RunEmbeddingMapDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunEmbeddingMap"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"embeddingMap"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"space"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"imageIds"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"labelIndex"}},{"kind":"Field","name":{"kind":"Name","value":"mistakes"}},{"kind":"Field","name":{"kind":"Name","value":"suspected"}},{"kind":"Field","name":{"kind":"Name","value":"explainedVariance"}}]}}]}}]}}]} as unknown as DocumentNode<RunEmbeddingMapQuery, RunEmbeddingMapQueryVariables>;
export const MapDecisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MapDecision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewPredictionsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewPredictions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<MapDecisionMutation, MapDecisionMutationVariables>;
export const RunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Run"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"split"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Split"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"currentEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"plannedEpochs"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunHeaderFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunSettingsFields"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunDiagnosisFields"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EpochFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgressFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evaluation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"split"},"value":{"kind":"Variable","name":{"kind":"Name","value":"split"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunEvaluationFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunHeaderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"maxAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelDownloadUrl"}},{"kind":"Field","name":{"kind":"Name","value":"creator"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backbone"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneBlocks"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunSettingsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inputSize"}},{"kind":"Field","name":{"kind":"Name","value":"batchSize"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"learningRate"}},{"kind":"Field","name":{"kind":"Name","value":"optimizer"}},{"kind":"Field","name":{"kind":"Name","value":"headKind"}},{"kind":"Field","name":{"kind":"Name","value":"headUnits"}},{"kind":"Field","name":{"kind":"Name","value":"dropout"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneBlocks"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"fineTuneLearningRate"}},{"kind":"Field","name":{"kind":"Name","value":"earlyStoppingPatience"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"seed"}},{"kind":"Field","name":{"kind":"Name","value":"backbone"}},{"kind":"Field","name":{"kind":"Name","value":"schedule"}},{"kind":"Field","name":{"kind":"Name","value":"labelSmoothing"}},{"kind":"Field","name":{"kind":"Name","value":"weightDecay"}},{"kind":"Field","name":{"kind":"Name","value":"featureLayer"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"validationFold"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"leaveOneOutValidation"}},{"kind":"Field","name":{"kind":"Name","value":"auto"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"budgetSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxTrials"}},{"kind":"Field","name":{"kind":"Name","value":"minEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"eta"}}]}},{"kind":"Field","name":{"kind":"Name","value":"augmentation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotation"}},{"kind":"Field","name":{"kind":"Name","value":"widthShift"}},{"kind":"Field","name":{"kind":"Name","value":"zoom"}},{"kind":"Field","name":{"kind":"Name","value":"horizontalFlip"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"artifacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"byteSize"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunDiagnosisFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"valAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"testAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"baseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"trainAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"valAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"testAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"runBelowBaseline"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}}]}},{"kind":"Field","name":{"kind":"Name","value":"diagnosis"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"finding"}},{"kind":"Field","name":{"kind":"Name","value":"advice"}},{"kind":"Field","name":{"kind":"Name","value":"suggestedConfig"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EpochFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EpochMetric"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"acc"}},{"kind":"Field","name":{"kind":"Name","value":"valLoss"}},{"kind":"Field","name":{"kind":"Name","value":"valAcc"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"pass"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"batch"}},{"kind":"Field","name":{"kind":"Name","value":"batches"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"step"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEvaluationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvaluation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"accuracy"}},{"kind":"Field","name":{"kind":"Name","value":"macroF1"}},{"kind":"Field","name":{"kind":"Name","value":"averagePrecision"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"confusionMatrix"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"targetPrecision"}},{"kind":"Field","name":{"kind":"Name","value":"recommendedThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"withheldAtThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"perClass"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"f1"}},{"kind":"Field","name":{"kind":"Name","value":"support"}}]}},{"kind":"Field","name":{"kind":"Name","value":"thresholds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"withheld"}}]}}]}}]} as unknown as DocumentNode<RunQuery, RunQueryVariables>;
export const RunUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RunUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"currentEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EpochFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"epochs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EpochFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgressFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EpochFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"EpochMetric"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"acc"}},{"kind":"Field","name":{"kind":"Name","value":"valLoss"}},{"kind":"Field","name":{"kind":"Name","value":"valAcc"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"pass"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}},{"kind":"Field","name":{"kind":"Name","value":"batch"}},{"kind":"Field","name":{"kind":"Name","value":"batches"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"step"}}]}}]} as unknown as DocumentNode<RunUpdatedSubscription, RunUpdatedSubscriptionVariables>;
export const ReviewMostConfidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewMostConfident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"label"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"split"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Split"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"list"},"name":{"kind":"Name","value":"mostConfident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"label"},"value":{"kind":"Variable","name":{"kind":"Name","value":"label"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"split"},"value":{"kind":"Variable","name":{"kind":"Name","value":"split"}}},{"kind":"Argument","name":{"kind":"Name","value":"minScore"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"latestDecision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewDecisionFields"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewItemFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewDecisionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewItemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabel"}},{"kind":"Field","name":{"kind":"Name","value":"predictedLabel"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabelProbability"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueScore"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueRank"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueFlagged"}},{"kind":"Field","name":{"kind":"Name","value":"suspectedLabel"}}]}}]} as unknown as DocumentNode<ReviewMostConfidentQuery, ReviewMostConfidentQueryVariables>;
export const ReviewLeastConfidentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewLeastConfident"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"label"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"split"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Split"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"list"},"name":{"kind":"Name","value":"leastConfident"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"label"},"value":{"kind":"Variable","name":{"kind":"Name","value":"label"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"split"},"value":{"kind":"Variable","name":{"kind":"Name","value":"split"}}},{"kind":"Argument","name":{"kind":"Name","value":"minScore"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"latestDecision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewDecisionFields"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewItemFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewDecisionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewItemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabel"}},{"kind":"Field","name":{"kind":"Name","value":"predictedLabel"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabelProbability"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueScore"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueRank"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueFlagged"}},{"kind":"Field","name":{"kind":"Name","value":"suspectedLabel"}}]}}]} as unknown as DocumentNode<ReviewLeastConfidentQuery, ReviewLeastConfidentQueryVariables>;
export const ReviewConfidentlyWrongDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewConfidentlyWrong"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"label"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"split"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Split"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"list"},"name":{"kind":"Name","value":"confidentlyWrong"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"label"},"value":{"kind":"Variable","name":{"kind":"Name","value":"label"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"split"},"value":{"kind":"Variable","name":{"kind":"Name","value":"split"}}},{"kind":"Argument","name":{"kind":"Name","value":"minScore"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"latestDecision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewDecisionFields"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewItemFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewDecisionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewItemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabel"}},{"kind":"Field","name":{"kind":"Name","value":"predictedLabel"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabelProbability"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueScore"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueRank"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueFlagged"}},{"kind":"Field","name":{"kind":"Name","value":"suspectedLabel"}}]}}]} as unknown as DocumentNode<ReviewConfidentlyWrongQuery, ReviewConfidentlyWrongQueryVariables>;
export const ReviewSuspectedIssuesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewSuspectedIssues"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"label"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"split"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Split"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeUnflagged"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"list"},"name":{"kind":"Name","value":"suspectedLabelIssues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"label"},"value":{"kind":"Variable","name":{"kind":"Name","value":"label"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"split"},"value":{"kind":"Variable","name":{"kind":"Name","value":"split"}}},{"kind":"Argument","name":{"kind":"Name","value":"minScore"},"value":{"kind":"Variable","name":{"kind":"Name","value":"minScore"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeUnflagged"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeUnflagged"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"latestDecision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewDecisionFields"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewItemFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewDecisionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewItemFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"imageUrl"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabel"}},{"kind":"Field","name":{"kind":"Name","value":"predictedLabel"}},{"kind":"Field","name":{"kind":"Name","value":"probability"}},{"kind":"Field","name":{"kind":"Name","value":"givenLabelProbability"}},{"kind":"Field","name":{"kind":"Name","value":"correct"}},{"kind":"Field","name":{"kind":"Name","value":"split"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueScore"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueRank"}},{"kind":"Field","name":{"kind":"Name","value":"labelIssueFlagged"}},{"kind":"Field","name":{"kind":"Name","value":"suspectedLabel"}}]}}]} as unknown as DocumentNode<ReviewSuspectedIssuesQuery, ReviewSuspectedIssuesQueryVariables>;
export const BulkReviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BulkReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewPredictionsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewPredictions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewDecisionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewDecisionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<BulkReviewMutation, BulkReviewMutationVariables>;
export const ReviewPredictionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReviewPrediction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewPredictionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewPrediction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReviewDecisionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReviewDecisionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"imageId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<ReviewPredictionMutation, ReviewPredictionMutationVariables>;
export const ReviewRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"task"}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"LabelIssueEstimatesFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LabelIssueEstimatesFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labelIssues"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scored"}},{"kind":"Field","name":{"kind":"Name","value":"flagged"}},{"kind":"Field","name":{"kind":"Name","value":"folds"}},{"kind":"Field","name":{"kind":"Name","value":"scoreThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedIssues"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedErrors"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedPrecision"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedRecall"}},{"kind":"Field","name":{"kind":"Name","value":"members"}},{"kind":"Field","name":{"kind":"Name","value":"memberWeights"}}]}}]}}]} as unknown as DocumentNode<ReviewRunQuery, ReviewRunQueryVariables>;
export const UndoLastReviewDecisionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UndoLastReviewDecision"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"undoLastReviewDecision"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"newLabel"}}]}}]}}]} as unknown as DocumentNode<UndoLastReviewDecisionMutation, UndoLastReviewDecisionMutationVariables>;
export const FreezeFirstVersionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FreezeFirstVersion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FreezeDatasetVersionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"freezeDatasetVersion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}}]}}]}}]} as unknown as DocumentNode<FreezeFirstVersionMutation, FreezeFirstVersionMutationVariables>;
export const RecommendRunConfigDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RecommendRunConfig"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recommendRunConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"versionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"versionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"versionId"}},{"kind":"Field","name":{"kind":"Name","value":"strategy"}},{"kind":"Field","name":{"kind":"Name","value":"config"}},{"kind":"Field","name":{"kind":"Name","value":"seconds"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"sentence"}}]}},{"kind":"Field","name":{"kind":"Name","value":"measurements"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"classes"}},{"kind":"Field","name":{"kind":"Name","value":"trainImages"}},{"kind":"Field","name":{"kind":"Name","value":"nativeSize"}},{"kind":"Field","name":{"kind":"Name","value":"pixelProbeAccuracy"}},{"kind":"Field","name":{"kind":"Name","value":"bestCut"}},{"kind":"Field","name":{"kind":"Name","value":"backboneAdvantage"}}]}}]}}]}}]} as unknown as DocumentNode<RecommendRunConfigQuery, RecommendRunConfigQueryVariables>;
export const CreateRecommendedRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateRecommendedRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateRunInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateRecommendedRunMutation, CreateRecommendedRunMutationVariables>;
export const NewRunDatasetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NewRunDatasets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"team"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"datasets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetOptionFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetOptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dataset"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}}]}}]}}]}}]} as unknown as DocumentNode<NewRunDatasetsQuery, NewRunDatasetsQueryVariables>;
export const NewRunVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NewRunVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"datasetId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"datasetId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"30"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionOptionFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VersionOptionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"imageCount"}}]}}]} as unknown as DocumentNode<NewRunVersionsQuery, NewRunVersionsQueryVariables>;
export const CreateRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateRunInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateRunMutation, CreateRunMutationVariables>;
export const TeamRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TeamRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"teamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"currentEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"plannedEpochs"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"version"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}}]}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fineTuneBlocks"}},{"kind":"Field","name":{"kind":"Name","value":"epochs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"epochs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"acc"}},{"kind":"Field","name":{"kind":"Name","value":"valAcc"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TeamRunsQuery, TeamRunsQueryVariables>;
export const TeamRunsUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TeamRunsUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"teamRunsUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"teamId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRequested"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"currentEpoch"}},{"kind":"Field","name":{"kind":"Name","value":"epoch"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"epoch"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"loss"}},{"kind":"Field","name":{"kind":"Name","value":"acc"}},{"kind":"Field","name":{"kind":"Name","value":"valLoss"}},{"kind":"Field","name":{"kind":"Name","value":"valAcc"}}]}}]}}]}}]} as unknown as DocumentNode<TeamRunsUpdatedSubscription, TeamRunsUpdatedSubscriptionVariables>;
export const TeamMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TeamMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"team"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"teamId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TeamMembersQuery, TeamMembersQueryVariables>;
export const AddTeamMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddTeamMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddTeamMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addTeamMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<AddTeamMemberMutation, AddTeamMemberMutationVariables>;
export const ChangeTeamMemberRoleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangeTeamMemberRole"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeTeamMemberRoleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeTeamMemberRole"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<ChangeTeamMemberRoleMutation, ChangeTeamMemberRoleMutationVariables>;
export const RemoveTeamMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveTeamMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveTeamMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeTeamMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"teamId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}}]}}]}}]} as unknown as DocumentNode<RemoveTeamMemberMutation, RemoveTeamMemberMutationVariables>;
export const RevokeApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]} as unknown as DocumentNode<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
export const ApiTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiTokens"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeRevoked"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}},{"kind":"Argument","name":{"kind":"Name","value":"includeRevoked"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeRevoked"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiTokenRowFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiTokenRowFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]} as unknown as DocumentNode<ApiTokensQuery, ApiTokensQueryVariables>;
export const CreateApiTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const MyTeamsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyTeams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"teams"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}}]}}]}}]}}]}}]} as unknown as DocumentNode<MyTeamsQuery, MyTeamsQueryVariables>;
export const SignUpDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SignUp"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SignUpInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signUp"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]} as unknown as DocumentNode<SignUpMutation, SignUpMutationVariables>;
export const LogInDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LogInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]} as unknown as DocumentNode<LogInMutation, LogInMutationVariables>;
export const LogOutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LogOut"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logOut"}}]}}]} as unknown as DocumentNode<LogOutMutation, LogOutMutationVariables>;
export const CreateTeamDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateTeam"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTeamInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTeam"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"viewerRole"}}]}}]}}]} as unknown as DocumentNode<CreateTeamMutation, CreateTeamMutationVariables>;