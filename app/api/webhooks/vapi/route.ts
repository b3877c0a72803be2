import { handleVapiMessage, withChannel } from "@/lib/channels";

export const POST = withChannel("voice", handleVapiMessage);
