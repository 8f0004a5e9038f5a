import { greet } from './lib/greet.mjs';
import config from './config.json' with { type: 'json' };
import legacy from './lib/legacy.js';

export const handler = async () => ({ greeting: greet(config.name), legacy: legacy.value });
