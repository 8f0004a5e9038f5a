// The benchmarks' command-line options: `--name value`.

/** The value after `--name`, or `fallback` when it is not given. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
