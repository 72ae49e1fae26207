// govuk-frontend's components (error summary focus, conditional reveals); the pages work without it.
import { initAll } from './govuk-frontend.min.js';

initAll();
