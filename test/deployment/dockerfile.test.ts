import { readRepositoryFile } from './deployment-files';
import { baseImages, dockerfileProblems } from './dockerfile.inspector';

describe('deployment: docker/Dockerfile', () => {
  const dockerfile = readRepositoryFile('docker/Dockerfile');

  it('builds in stages on Node 20, runs unprivileged with a health check and production dependencies only', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
    const images = baseImages(dockerfile);
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) expect(image).toMatch(/^node:20\b/);
  });

  it('starts the app its command names, the gateway by default, from the build’s dist/ layout', () => {
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/apps\/gateway\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
  });

  it('finds root, a missing health check and a baked-in secret (the inspector bites)', () => {
    expect(dockerfileProblems(dockerfile.replace(/^USER .*$/m, ''))).toEqual([
      'the final stage sets no USER: it would run as root',
    ]);
    expect(dockerfileProblems(dockerfile.replace(/^USER .*$/m, 'USER root'))).toEqual([
      'the final stage runs as root',
    ]);
    const withoutHealthcheck = dockerfile.replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*$/m, '');
    expect(dockerfileProblems(withoutHealthcheck)).toEqual(['the final stage has no HEALTHCHECK']);
    const withSecrets = dockerfile.replace(
      /^WORKDIR \/app$/m,
      'WORKDIR /app\nENV AUTH_KEY_ENCRYPTION_SECRET=s3cr3t LOG_LEVEL=info\nARG NPM_TOKEN=abc\nARG ONE_STOP_CA_FILE=/ca.pem',
    );
    expect(dockerfileProblems(withSecrets)).toEqual([
      'ENV AUTH_KEY_ENCRYPTION_SECRET bakes a secret into the image',
      'ARG NPM_TOKEN has a secret default',
    ]);
  });

  it('keeps local secrets and dependencies out of the build context', () => {
    const ignore = readRepositoryFile('docker/Dockerfile.dockerignore').split('\n');
    expect(ignore[ignore.findIndex((line) => !line.startsWith('#'))]).toBe('**');
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', '**/.env', '**/.env.*']));
  });
});
