import { z } from "zod";
import { ApiError } from "@/lib/http";

const uuid = z.uuid();

/** The `[id]` of a console route: anything but a UUID cannot name a row, so it is a 404 like a missing one. */
export async function idParam(params: Promise<{ id: string }>, what: string): Promise<string> {
  const { id } = await params;
  if (!uuid.safeParse(id).success) throw new ApiError("not_found", `This ${what} does not exist.`);
  return id;
}
