// Recognising a unique-constraint violation (an email or slug taken by a
// concurrent insert) without importing Prisma's runtime classes.
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
