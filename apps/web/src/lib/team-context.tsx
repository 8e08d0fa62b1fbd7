"use client";
import { createContext, useContext } from "react";
import type { Role } from "@/gql/graphql.ts";

export interface TeamSummary {
  id: string;
  name: string;
  slug: string;
  viewerRole: Role;
}

export interface StudioContextValue {
  viewer: { id: string; email: string; name?: string | null };
  teams: TeamSummary[];
  team: TeamSummary;
  setTeamId(id: string): void;
  refreshTeams(): void;
}

export const StudioContext = createContext<StudioContextValue | null>(null);

export function useStudio(): StudioContextValue {
  const value = useContext(StudioContext);
  if (!value) throw new Error("useStudio must be used inside the studio layout.");
  return value;
}

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2, OWNER: 3 };

/** Mirrors the API's role ladder, only to hide controls a person cannot use; the API still decides. */
export function hasRole(team: TeamSummary, atLeast: Role): boolean {
  return RANK[team.viewerRole] >= RANK[atLeast];
}

const TEAM_KEY = "headstart.teamId";

export function rememberedTeamId(): string | null {
  try {
    return window.localStorage.getItem(TEAM_KEY);
  } catch {
    return null;
  }
}

export function rememberTeamId(id: string): void {
  try {
    window.localStorage.setItem(TEAM_KEY, id);
  } catch {
    // Private mode without storage: the choice just lasts for this page.
  }
}
