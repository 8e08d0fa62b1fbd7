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