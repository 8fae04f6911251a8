import type { FastifyBaseLogger } from 'fastify';
import type { CallsService } from '../calls.service.js';
import type { Integration, IntegrationsService } from '../integrations.service.js';
import { AmiCallTracker } from './ami-calls.js';
import { AmiClient } from './ami-client.js';
import type { OutboundPolicy } from '../../../http/outbound.js';

/** One AMI connection per enabled Asterisk integration, feeding its calls into the call service. */
export function createAmiConnections(deps: { integrations: IntegrationsService; calls: CallsService; log: FastifyBaseLogger; outbound: OutboundPolicy }) {
  const clients = new Map<string, AmiClient>();

  function connect(integration: Integration) {
    const { amiHost, amiPort, amiUsername, amiSecret } = integration.config;
    if (!amiHost || !amiUsername || !amiSecret) return;
    const client = new AmiClient({ host: amiHost, port: amiPort ?? 5038, username: amiUsername, secret: amiSecret, outbound: deps.outbound });
    // Our phones, told from trunks by their extension; refreshed at each (re)connection.
    let extensions = new Set<string>();
    const tracker = new AmiCallTracker((endpoint) => extensions.has(endpoint));
    // Events of one call must be applied in order; a chain per connection keeps them so.
    let chain = Promise.resolve();
    const then = (work: () => Promise<unknown>) => {
      chain = chain.then(() => work().then(() => undefined)).catch((err) => deps.log.error({ err, integration: integration.id }, 'AMI event not recorded'));
    };
    // Channels alive in Asterisk, listed after each login (CoreShowChannels): calls Relais still
    // thinks open but Asterisk no longer has lost their Hangup while the connection was down.
    let live: Set<string> | undefined;
    client.on('event', (message) => {
      if (message.Event === 'CoreShowChannel' && live) {
        if (message.Linkedid) live.add(message.Linkedid);
        return;
      }
      if (message.Event === 'CoreShowChannelsComplete' && live) {
        const alive = live;
        live = undefined;
        tracker.retain(alive);
        const since = tracker.lastEventAt() ?? new Date().toISOString();
        then(async () => {
          const closed = await deps.calls.closeLost(integration, alive, since);
          if (closed > 0) deps.log.warn({ integration: integration.id, closed }, 'AMI calls ended while disconnected were closed');
        });
        return;
      }
      for (const event of tracker.handle(message)) {
        then(async () => {
          const { call, duplicate } = await deps.calls.handleEvent(integration, event);
          // Overload mode decided on voicemail: take the caller out of the ringing to the
          // voicemail context, as TwiML does for Twilio. Without a context it is only recorded.
          const channel = tracker.callerChannel(event.callId);
          if (!duplicate && call.routing[0]?.decision === 'voicemail' && call.state === 'ringing' && channel && integration.config.amiVoicemailContext) {
            const response = await client.action({ Action: 'Redirect', Channel: channel, Context: integration.config.amiVoicemailContext, Exten: 's', Priority: '1' });
            if (response.Response !== 'Success') deps.log.warn({ integration: integration.id, call: call.id, message: response.Message }, 'AMI redirect to voicemail refused');
          }
        });
      }
    });
    client.on('connected', () => {
      deps.log.info({ integration: integration.id }, 'AMI connected');
      then(async () => {
        extensions = await deps.calls.knownExtensions();
      });
      live = new Set();
      void client.action({ Action: 'CoreShowChannels' });
    });
    client.on('connection-error', (err) => deps.log.warn({ err: String(err), integration: integration.id }, 'AMI connection error'));
    client.on('error', (err) => deps.log.error({ err: String(err), integration: integration.id }, 'AMI error'));
    client.start();
    clients.set(integration.id, client);
  }

  return {
    async start() {
      for (const integration of await deps.integrations.list()) {
        if (integration.kind === 'asterisk' && !integration.disabled) connect(integration);
      }
    },
    /** Connects a newly created integration without a restart. */
    add(integration: Integration) {
      if (integration.kind === 'asterisk' && !integration.disabled && !clients.has(integration.id)) connect(integration);
    },
    /** After its settings changed: closes the connection, and opens a new one unless disabled. */
    replace(integration: Integration) {
      clients.get(integration.id)?.stop();
      clients.delete(integration.id);
      this.add(integration);
    },
    client(integrationId: string) {
      return clients.get(integrationId);
    },
    stop() {
      for (const client of clients.values()) client.stop();
      clients.clear();
    },
  };
}

export type AmiConnections = ReturnType<typeof createAmiConnections>;
