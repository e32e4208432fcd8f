'use strict';
// What MockTestRunner runs: the real task handler, with the inputs and agent variables the test
// put in the environment (no TaskMockRunner answers: perfgate really runs).
require('../index.js').main();
