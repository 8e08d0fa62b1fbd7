/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query DatasetImages($id: ID!, $first: Int!, $after: String, $filter: ImageFilter) {\n    dataset(id: $id) {\n      id\n      images(first: $first, after: $after, filter: $filter) {\n        edges {\n          node {\n            id\n            thumbnailUrl\n            labels\n            split\n            excluded\n            originalName\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": typeof types.DatasetImagesDocument,
    "\n  query ImageDetail($id: ID!) {\n    image(id: $id) {\n      id\n      url\n      width\n      height\n      byteSize\n      mime\n      originalName\n      createdAt\n      labelChanges(first: 20) {\n        edges {\n          node {\n            id\n            from\n            to\n            reason\n            createdAt\n            user {\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ImageDetailDocument,
    "\n  mutation RelabelImage($input: RelabelImageInput!) {\n    relabelImage(input: $input) {\n      id\n      labels\n    }\n  }\n": typeof types.RelabelImageDocument,
    "\n  mutation MoveImage($input: MoveImageInput!) {\n    moveImage(input: $input) {\n      id\n      split\n    }\n  }\n": typeof types.MoveImageDocument,
    "\n  mutation SetImageExcluded($input: SetImageExcludedInput!) {\n    setImageExcluded(input: $input) {\n      id\n      excluded\n    }\n  }\n": typeof types.SetImageExcludedDocument,
    "\n  mutation SplitDataset($input: SplitDatasetInput!) {\n    splitDataset(input: $input) {\n      id\n    }\n  }\n": typeof types.SplitDatasetDocument,
    "\n  query DatasetVersions($id: ID!) {\n    dataset(id: $id) {\n      id\n      versions(last: 50) {\n        edges {\n          node {\n            id\n            number\n            note\n            imageCount\n            createdAt\n            labels\n            splitCounts {\n              train\n              val\n              test\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.DatasetVersionsDocument,
    "\n  mutation FreezeDatasetVersion($input: FreezeDatasetVersionInput!) {\n    freezeDatasetVersion(input: $input) {\n      id\n      number\n    }\n  }\n": typeof types.FreezeDatasetVersionDocument,
    "\n  query VersionDiff($fromId: ID!, $toId: ID!) {\n    datasetVersionDiff(fromId: $fromId, toId: $toId, limit: 60) {\n      addedCount\n      removedCount\n      relabelledCount\n      movedCount\n      labelsAdded\n      labelsRemoved\n      added {\n        id\n        labels\n        split\n      }\n      removed {\n        id\n        labels\n        split\n      }\n      relabelled {\n        id\n        from\n        to\n      }\n      moved {\n        id\n        from\n        to\n      }\n    }\n  }\n": typeof types.VersionDiffDocument,
    "\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      task\n      updatedAt\n      team {\n        id\n      }\n      labels {\n        id\n        name\n        position\n      }\n      stats {\n        excluded\n        images {\n          total\n          train\n          val\n          test\n        }\n        labels {\n          label\n          total\n          train\n          val\n          test\n        }\n      }\n    }\n  }\n": typeof types.DatasetDocument,
    "\n  mutation RenameDataset($input: RenameDatasetInput!) {\n    renameDataset(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.RenameDatasetDocument,
    "\n  mutation DeleteDataset($input: DeleteDatasetInput!) {\n    deleteDataset(input: $input) {\n      datasetId\n    }\n  }\n": typeof types.DeleteDatasetDocument,
    "\n  query TeamDatasets($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      datasets(first: 100) {\n        edges {\n          node {\n            id\n            name\n            task\n            updatedAt\n            labels {\n              id\n              name\n            }\n            stats {\n              excluded\n              images {\n                total\n                train\n                val\n                test\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.TeamDatasetsDocument,
    "\n  mutation CreateDataset($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateDatasetDocument,
    "\n  query TeamMembers($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      name\n      viewerRole\n      members(first: 100) {\n        edges {\n          node {\n            id\n            role\n            createdAt\n            user {\n              id\n              email\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.TeamMembersDocument,
    "\n  mutation AddTeamMember($input: AddTeamMemberInput!) {\n    addTeamMember(input: $input) {\n      id\n      role\n    }\n  }\n": typeof types.AddTeamMemberDocument,
    "\n  mutation ChangeTeamMemberRole($input: ChangeTeamMemberRoleInput!) {\n    changeTeamMemberRole(input: $input) {\n      id\n      role\n    }\n  }\n": typeof types.ChangeTeamMemberRoleDocument,
    "\n  mutation RemoveTeamMember($input: RemoveTeamMemberInput!) {\n    removeTeamMember(input: $input) {\n      teamId\n      userId\n    }\n  }\n": typeof types.RemoveTeamMemberDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query MyTeams {\n    teams(first: 100) {\n      edges {\n        node {\n          id\n          name\n          slug\n          viewerRole\n        }\n      }\n    }\n  }\n": typeof types.MyTeamsDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": typeof types.LogOutDocument,
    "\n  mutation CreateTeam($input: CreateTeamInput!) {\n    createTeam(input: $input) {\n      id\n      name\n      slug\n      viewerRole\n    }\n  }\n": typeof types.CreateTeamDocument,
};
const documents: Documents = {
    "\n  query DatasetImages($id: ID!, $first: Int!, $after: String, $filter: ImageFilter) {\n    dataset(id: $id) {\n      id\n      images(first: $first, after: $after, filter: $filter) {\n        edges {\n          node {\n            id\n            thumbnailUrl\n            labels\n            split\n            excluded\n            originalName\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": types.DatasetImagesDocument,
    "\n  query ImageDetail($id: ID!) {\n    image(id: $id) {\n      id\n      url\n      width\n      height\n      byteSize\n      mime\n      originalName\n      createdAt\n      labelChanges(first: 20) {\n        edges {\n          node {\n            id\n            from\n            to\n            reason\n            createdAt\n            user {\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ImageDetailDocument,
    "\n  mutation RelabelImage($input: RelabelImageInput!) {\n    relabelImage(input: $input) {\n      id\n      labels\n    }\n  }\n": types.RelabelImageDocument,
    "\n  mutation MoveImage($input: MoveImageInput!) {\n    moveImage(input: $input) {\n      id\n      split\n    }\n  }\n": types.MoveImageDocument,
    "\n  mutation SetImageExcluded($input: SetImageExcludedInput!) {\n    setImageExcluded(input: $input) {\n      id\n      excluded\n    }\n  }\n": types.SetImageExcludedDocument,
    "\n  mutation SplitDataset($input: SplitDatasetInput!) {\n    splitDataset(input: $input) {\n      id\n    }\n  }\n": types.SplitDatasetDocument,
    "\n  query DatasetVersions($id: ID!) {\n    dataset(id: $id) {\n      id\n      versions(last: 50) {\n        edges {\n          node {\n            id\n            number\n            note\n            imageCount\n            createdAt\n            labels\n            splitCounts {\n              train\n              val\n              test\n            }\n          }\n        }\n      }\n    }\n  }\n": types.DatasetVersionsDocument,
    "\n  mutation FreezeDatasetVersion($input: FreezeDatasetVersionInput!) {\n    freezeDatasetVersion(input: $input) {\n      id\n      number\n    }\n  }\n": types.FreezeDatasetVersionDocument,
    "\n  query VersionDiff($fromId: ID!, $toId: ID!) {\n    datasetVersionDiff(fromId: $fromId, toId: $toId, limit: 60) {\n      addedCount\n      removedCount\n      relabelledCount\n      movedCount\n      labelsAdded\n      labelsRemoved\n      added {\n        id\n        labels\n        split\n      }\n      removed {\n        id\n        labels\n        split\n      }\n      relabelled {\n        id\n        from\n        to\n      }\n      moved {\n        id\n        from\n        to\n      }\n    }\n  }\n": types.VersionDiffDocument,
    "\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      task\n      updatedAt\n      team {\n        id\n      }\n      labels {\n        id\n        name\n        position\n      }\n      stats {\n        excluded\n        images {\n          total\n          train\n          val\n          test\n        }\n        labels {\n          label\n          total\n          train\n          val\n          test\n        }\n      }\n    }\n  }\n": types.DatasetDocument,
    "\n  mutation RenameDataset($input: RenameDatasetInput!) {\n    renameDataset(input: $input) {\n      id\n      name\n    }\n  }\n": types.RenameDatasetDocument,
    "\n  mutation DeleteDataset($input: DeleteDatasetInput!) {\n    deleteDataset(input: $input) {\n      datasetId\n    }\n  }\n": types.DeleteDatasetDocument,
    "\n  query TeamDatasets($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      datasets(first: 100) {\n        edges {\n          node {\n            id\n            name\n            task\n            updatedAt\n            labels {\n              id\n              name\n            }\n            stats {\n              excluded\n              images {\n                total\n                train\n                val\n                test\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.TeamDatasetsDocument,
    "\n  mutation CreateDataset($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n    }\n  }\n": types.CreateDatasetDocument,
    "\n  query TeamMembers($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      name\n      viewerRole\n      members(first: 100) {\n        edges {\n          node {\n            id\n            role\n            createdAt\n            user {\n              id\n              email\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.TeamMembersDocument,
    "\n  mutation AddTeamMember($input: AddTeamMemberInput!) {\n    addTeamMember(input: $input) {\n      id\n      role\n    }\n  }\n": types.AddTeamMemberDocument,
    "\n  mutation ChangeTeamMemberRole($input: ChangeTeamMemberRoleInput!) {\n    changeTeamMemberRole(input: $input) {\n      id\n      role\n    }\n  }\n": types.ChangeTeamMemberRoleDocument,
    "\n  mutation RemoveTeamMember($input: RemoveTeamMemberInput!) {\n    removeTeamMember(input: $input) {\n      teamId\n      userId\n    }\n  }\n": types.RemoveTeamMemberDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n": types.ViewerDocument,
    "\n  query MyTeams {\n    teams(first: 100) {\n      edges {\n        node {\n          id\n          name\n          slug\n          viewerRole\n        }\n      }\n    }\n  }\n": types.MyTeamsDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n": types.LogInDocument,
    "\n  mutation LogOut {\n    logOut\n  }\n": types.LogOutDocument,
    "\n  mutation CreateTeam($input: CreateTeamInput!) {\n    createTeam(input: $input) {\n      id\n      name\n      slug\n      viewerRole\n    }\n  }\n": types.CreateTeamDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetImages($id: ID!, $first: Int!, $after: String, $filter: ImageFilter) {\n    dataset(id: $id) {\n      id\n      images(first: $first, after: $after, filter: $filter) {\n        edges {\n          node {\n            id\n            thumbnailUrl\n            labels\n            split\n            excluded\n            originalName\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DatasetImages($id: ID!, $first: Int!, $after: String, $filter: ImageFilter) {\n    dataset(id: $id) {\n      id\n      images(first: $first, after: $after, filter: $filter) {\n        edges {\n          node {\n            id\n            thumbnailUrl\n            labels\n            split\n            excluded\n            originalName\n          }\n        }\n        pageInfo {\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ImageDetail($id: ID!) {\n    image(id: $id) {\n      id\n      url\n      width\n      height\n      byteSize\n      mime\n      originalName\n      createdAt\n      labelChanges(first: 20) {\n        edges {\n          node {\n            id\n            from\n            to\n            reason\n            createdAt\n            user {\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ImageDetail($id: ID!) {\n    image(id: $id) {\n      id\n      url\n      width\n      height\n      byteSize\n      mime\n      originalName\n      createdAt\n      labelChanges(first: 20) {\n        edges {\n          node {\n            id\n            from\n            to\n            reason\n            createdAt\n            user {\n              email\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RelabelImage($input: RelabelImageInput!) {\n    relabelImage(input: $input) {\n      id\n      labels\n    }\n  }\n"): (typeof documents)["\n  mutation RelabelImage($input: RelabelImageInput!) {\n    relabelImage(input: $input) {\n      id\n      labels\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveImage($input: MoveImageInput!) {\n    moveImage(input: $input) {\n      id\n      split\n    }\n  }\n"): (typeof documents)["\n  mutation MoveImage($input: MoveImageInput!) {\n    moveImage(input: $input) {\n      id\n      split\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetImageExcluded($input: SetImageExcludedInput!) {\n    setImageExcluded(input: $input) {\n      id\n      excluded\n    }\n  }\n"): (typeof documents)["\n  mutation SetImageExcluded($input: SetImageExcludedInput!) {\n    setImageExcluded(input: $input) {\n      id\n      excluded\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SplitDataset($input: SplitDatasetInput!) {\n    splitDataset(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SplitDataset($input: SplitDatasetInput!) {\n    splitDataset(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetVersions($id: ID!) {\n    dataset(id: $id) {\n      id\n      versions(last: 50) {\n        edges {\n          node {\n            id\n            number\n            note\n            imageCount\n            createdAt\n            labels\n            splitCounts {\n              train\n              val\n              test\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DatasetVersions($id: ID!) {\n    dataset(id: $id) {\n      id\n      versions(last: 50) {\n        edges {\n          node {\n            id\n            number\n            note\n            imageCount\n            createdAt\n            labels\n            splitCounts {\n              train\n              val\n              test\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FreezeDatasetVersion($input: FreezeDatasetVersionInput!) {\n    freezeDatasetVersion(input: $input) {\n      id\n      number\n    }\n  }\n"): (typeof documents)["\n  mutation FreezeDatasetVersion($input: FreezeDatasetVersionInput!) {\n    freezeDatasetVersion(input: $input) {\n      id\n      number\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VersionDiff($fromId: ID!, $toId: ID!) {\n    datasetVersionDiff(fromId: $fromId, toId: $toId, limit: 60) {\n      addedCount\n      removedCount\n      relabelledCount\n      movedCount\n      labelsAdded\n      labelsRemoved\n      added {\n        id\n        labels\n        split\n      }\n      removed {\n        id\n        labels\n        split\n      }\n      relabelled {\n        id\n        from\n        to\n      }\n      moved {\n        id\n        from\n        to\n      }\n    }\n  }\n"): (typeof documents)["\n  query VersionDiff($fromId: ID!, $toId: ID!) {\n    datasetVersionDiff(fromId: $fromId, toId: $toId, limit: 60) {\n      addedCount\n      removedCount\n      relabelledCount\n      movedCount\n      labelsAdded\n      labelsRemoved\n      added {\n        id\n        labels\n        split\n      }\n      removed {\n        id\n        labels\n        split\n      }\n      relabelled {\n        id\n        from\n        to\n      }\n      moved {\n        id\n        from\n        to\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      task\n      updatedAt\n      team {\n        id\n      }\n      labels {\n        id\n        name\n        position\n      }\n      stats {\n        excluded\n        images {\n          total\n          train\n          val\n          test\n        }\n        labels {\n          label\n          total\n          train\n          val\n          test\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      task\n      updatedAt\n      team {\n        id\n      }\n      labels {\n        id\n        name\n        position\n      }\n      stats {\n        excluded\n        images {\n          total\n          train\n          val\n          test\n        }\n        labels {\n          label\n          total\n          train\n          val\n          test\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameDataset($input: RenameDatasetInput!) {\n    renameDataset(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RenameDataset($input: RenameDatasetInput!) {\n    renameDataset(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteDataset($input: DeleteDatasetInput!) {\n    deleteDataset(input: $input) {\n      datasetId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteDataset($input: DeleteDatasetInput!) {\n    deleteDataset(input: $input) {\n      datasetId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamDatasets($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      datasets(first: 100) {\n        edges {\n          node {\n            id\n            name\n            task\n            updatedAt\n            labels {\n              id\n              name\n            }\n            stats {\n              excluded\n              images {\n                total\n                train\n                val\n                test\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TeamDatasets($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      datasets(first: 100) {\n        edges {\n          node {\n            id\n            name\n            task\n            updatedAt\n            labels {\n              id\n              name\n            }\n            stats {\n              excluded\n              images {\n                total\n                train\n                val\n                test\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDataset($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDataset($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TeamMembers($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      name\n      viewerRole\n      members(first: 100) {\n        edges {\n          node {\n            id\n            role\n            createdAt\n            user {\n              id\n              email\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TeamMembers($teamId: ID!) {\n    team(id: $teamId) {\n      id\n      name\n      viewerRole\n      members(first: 100) {\n        edges {\n          node {\n            id\n            role\n            createdAt\n            user {\n              id\n              email\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddTeamMember($input: AddTeamMemberInput!) {\n    addTeamMember(input: $input) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation AddTeamMember($input: AddTeamMemberInput!) {\n    addTeamMember(input: $input) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeTeamMemberRole($input: ChangeTeamMemberRoleInput!) {\n    changeTeamMemberRole(input: $input) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeTeamMemberRole($input: ChangeTeamMemberRoleInput!) {\n    changeTeamMemberRole(input: $input) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveTeamMember($input: RemoveTeamMemberInput!) {\n    removeTeamMember(input: $input) {\n      teamId\n      userId\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveTeamMember($input: RemoveTeamMemberInput!) {\n    removeTeamMember(input: $input) {\n      teamId\n      userId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyTeams {\n    teams(first: 100) {\n      edges {\n        node {\n          id\n          name\n          slug\n          viewerRole\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyTeams {\n    teams(first: 100) {\n      edges {\n        node {\n          id\n          name\n          slug\n          viewerRole\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      user {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut {\n    logOut\n  }\n"): (typeof documents)["\n  mutation LogOut {\n    logOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTeam($input: CreateTeamInput!) {\n    createTeam(input: $input) {\n      id\n      name\n      slug\n      viewerRole\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTeam($input: CreateTeamInput!) {\n    createTeam(input: $input) {\n      id\n      name\n      slug\n      viewerRole\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;