import { graphql } from "@/gql/index.ts";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      email
      name
    }
  }
`);

export const MyTeamsQuery = graphql(`
  query MyTeams {
    teams(first: 100) {
      edges {
        node {
          id
          name
          slug
          viewerRole
        }
      }
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        id
        email
      }
    }
  }
`);

export const LogInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      user {
        id
        email
      }
    }
  }
`);

export const LogOutMutation = graphql(`
  mutation LogOut {
    logOut
  }
`);

export const CreateTeamMutation = graphql(`
  mutation CreateTeam($input: CreateTeamInput!) {
    createTeam(input: $input) {
      id
      name
      slug
      viewerRole
    }
  }
`);
