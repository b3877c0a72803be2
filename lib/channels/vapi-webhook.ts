import { assistantFor } from "./vapi-assistant";
import { recordEndOfCallReport, recordStatusUpdate } from "./vapi-call-record";
import { runToolCalls } from "./vapi-tool-calls";
import { answerTransferDestinationRequest } from "./vapi-transfer";
import type { ChannelContext } from "./channel-gate";
import type { VapiInput } from "./vapi-gate";

/*
 * POST /api/webhooks/vapi, behind withChannel("voice"). Only assistant-request,
 * tool-calls and transfer-destination-request expect an answer; every other server message is
 * acknowledged with 200 (and stored when it says something about the call).
 */
/** The acknowledgement, naming any value that was out of range and left out (Vapi must not retry for it). */
const received = (ignored: string[]) => Response.json(ignored.length ? { received: true, ignored } : { received: true });

export async function handleVapiMessage(ctx: ChannelContext<"voice", VapiInput>): Promise<Response> {
  switch (ctx.input.message.type) {
    case "assistant-request":
      return Response.json(await assistantFor(ctx));
    case "tool-calls":
      return Response.json(await runToolCalls(ctx));
    case "transfer-destination-request":
      return Response.json(await answerTransferDestinationRequest(ctx));
    case "end-of-call-report":
      return received(await recordEndOfCallReport(ctx));
    case "status-update":
      return received(await recordStatusUpdate(ctx));
    default:
      return Response.json({ received: true });
  }
}
