// What a service is handed, named by the parts it uses: by default the database and the bus
// its events go out on; services that close sockets (bans, sign-outs) also take the open
// connections. One type, so every caller can pass the same object.
import type { ConnectionRegistry } from "@/server/connections";
import type { Database } from "@/server/db";
import type { EventBus } from "@/server/events/bus";

type Everything = { db: Database; bus: EventBus; connections: ConnectionRegistry };

export type ServiceDeps<Uses extends keyof Everything = "db" | "bus"> = Pick<Everything, Uses>;
