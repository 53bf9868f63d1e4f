// Node's jest environment, wrapped so that mutation runs (StrykerJS) learn which test
// covers which mutant. Stryker wraps only the environment the jest config names; a test
// file that picks Node's by a plain `@jest-environment node` docblock hides its coverage
// and fails the mutation run's dry run. Outside mutation runs the wrapper does nothing.
module.exports = require('@stryker-mutator/jest-runner/jest-env/node');
