// The benchmark workloads: definition file, input for a size n, and how many state transitions a
// run makes (states entered, plus retries, as AWS counts billed transitions). Shared by the three
// engines so each runs the very same work.
import { readFileSync } from 'node:fs';

export const WORKLOADS = {
  // Pass + Choice counter loop: 2n + 1 transitions
  loop: { n: 5000, input: (n) => ({ i: 0, n }), transitions: (n) => 2 * n + 1 },
  // inline Map over n items, one Pass per item: n + 1 transitions
  map: { n: 5000, input: (n) => ({ items: Array.from({ length: n }, (_, id) => ({ id })) }), transitions: (n) => n + 1 },
  // loop whose body is a Parallel with three Pass branches, a merging Pass and a Choice: 6n + 1
  parallel: { n: 1500, input: (n) => ({ i: 0, n }), transitions: (n) => 6 * n + 1 },
  // one Task failing n times, retried each time, then succeeding, then Succeed: n + 2
  retry: { n: 5000, input: (n) => ({ failures: n }), transitions: (n) => n + 2 },
};

export function definition(name) {
  return readFileSync(new URL(`./workloads/${name}.asl.json`, import.meta.url), 'utf8');
}

// The Task of the retry workload as a MockConfigFile (StepLab's mocks): attempts 0 … n-1 throw,
// attempt n returns.
export function retryMocks(n) {
  return {
    StateMachines: { Bench: { TestCases: { Flaky: { Flaky: 'FlakyResponses' } } } },
    MockedResponses: {
      FlakyResponses: {
        [`0-${n - 1}`]: { Throw: { Error: 'Flaky.Unavailable', Cause: 'try again' } },
        [`${n}`]: { Return: { StatusCode: 200, Payload: { attempts: n + 1 } } },
      },
    },
  };
}
