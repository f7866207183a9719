import { z } from "zod";

/** Ids are PostgreSQL integers: anything else cannot name a row. */
export const id = z.number().int().positive().max(2 ** 31 - 1);
export const staticName = z.string().trim().min(1, "A name is required").max(64, "At most 64 characters");
export const username = z.string().trim().min(1, "A username is required").max(32, "At most 32 characters");
