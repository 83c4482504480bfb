/** Plans and the directory as records of their compacted topics: {@link io.pulse.app.control.ControlRecords}. */
package io.pulse.app.control;
