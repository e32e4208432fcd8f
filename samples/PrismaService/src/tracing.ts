// OpenTelemetry for this service: HTTP server spans (with http.route from Express) and Prisma's spans, exported
// over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT — which `perfgate collect` sets. http/json or http/protobuf (the
// default) follow OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL, as the SDKs read them.
// Imported first, before express and the Prisma client are loaded, so their instrumentations can patch them.
import { NodeTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { ExpressInstrumentation } from "@opentelemetry/instrumentation-express";
import { PrismaInstrumentation } from "@prisma/instrumentation";

const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf";
const tracingOn = process.env.OTEL_SDK_DISABLED !== "true";

export const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ "service.name": "prisma-service" }),
  spanProcessors: tracingOn ? [new BatchSpanProcessor(protocol === "http/json" ? new JsonExporter() : new ProtobufExporter())] : [],
});

if (tracingOn) {
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation(), new PrismaInstrumentation()],
  });
}

/** Sends the spans still buffered: call before the process exits, or the last batch is lost. */
export function flushTraces(): Promise<void> {
  return provider.shutdown();
}
