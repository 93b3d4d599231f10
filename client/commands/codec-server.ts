/**
 * `breach codec-server`: the codec endpoint for a Web UI, run by someone who holds the payload key, so that the
 * UI of a cluster or of Temporal Cloud, which never sees the key, shows case payloads in clear in this
 * person's browser alone (README, "Security").
 */
import { UsageError } from '../cli-support.js';
import { defineCommand } from '../command-schema.js';

export const command = defineCommand({
  summary: 'the codec endpoint that lets a Web UI show case payloads in clear, for a holder of the key',
  group: 'engine',
  options: {
    port: {
      type: 'integer',
      value: 'N',
      description: 'listen on this loopback port (default: any free one)',
    },
    'ui-origin': {
      type: 'list',
      value: 'URL,URL',
      description: 'the Web UI origins allowed to call it (default: the local UI, http://localhost:8233)',
    },
  },
  notes: [
    'paste the printed endpoint into the Web UI\'s codec setting ("Data Encoder"); it changes at every start',
    'anyone who knows the endpoint can decrypt through it until you stop it with Ctrl-C',
  ],
  async run(ctx, options) {
    const port = options.port ?? 0;
    if (port < 0 || port > 65_535) throw new UsageError('--port: expected 0..65535');
    const config = await ctx.config();
    const [{ payloadKeyRing }, { startCodecServer }, { EncryptionCodec }] = await Promise.all([
      import('../connection.js'),
      import('../../infra/codec-server.js'),
      import('../../infra/payload-codec.js'),
    ]);
    const origins = options['ui-origin'] ?? [
      `http://localhost:${config.uiPort}`,
      `http://127.0.0.1:${config.uiPort}`,
    ];
    const server = await startCodecServer({
      codec: new EncryptionCodec(payloadKeyRing(config)),
      origins,
      port,
    });
    ctx.out(
      ctx.json
        ? JSON.stringify({ endpoint: server.endpoint, origins })
        : [
            `Codec endpoint: ${server.endpoint}`,
            `  for the Web UI at ${origins.join(', ')}; Ctrl-C stops it.`,
          ].join('\n'),
    );
    await ctx.interrupted();
    await server.close();
  },
});
