// govuk-frontend's components (tabs, error summary focus); the pages work without it.
import { initAll } from './govuk-frontend.min.js';

initAll();
