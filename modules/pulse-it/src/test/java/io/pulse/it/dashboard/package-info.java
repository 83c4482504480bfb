/**
 * Browser tests of the dashboard: the page the service serves at {@code /}, driven in Debian's headless chromium
 * through its chromedriver (Selenium, offline), against the real embedded broker and the real service.
 */
package io.pulse.it.dashboard;
