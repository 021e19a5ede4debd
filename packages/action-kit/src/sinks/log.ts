/**
 * The log sink: text that came from outside (a response body, a Lambda error
 * or log tail, a metrics key, an AWS or GitHub message) printed so that no
 * line of it can start a workflow command.
 *
 * The runner reads a command from any stdout line that, after leading
 * whitespace, starts with `::` (`::add-mask::`, `::stop-commands::`,
 * `::warning::`…), and from the legacy `##[command]` form anywhere in a line
 * (actions/runner ActionCommand.TryParse uses IndexOf). A bare CR ends a line
 * for the runner (.NET ReadLine), so CRs are turned into newlines first. We neutralise each
 * such line by putting a zero-width space (U+200B) inside the marker:
 * `:\u200B:warning::` reads the same to a person and is no command to the
 * runner.
 *
 * Why per-line escaping rather than `::stop-commands::<random token>` around
 * foreign text: it is stateless. Stop-commands turns off *every* command until
 * the token comes back, including our own `::add-mask::` for a secret found
 * meanwhile and the `::error::` lines of concurrent checks; a crash, a
 * cancellation or a forgotten resume between the two leaves the rest of the
 * step with commands off; and every helper that prints would have to bracket
 * its text. Escaping each line costs one regex, composes with anything, and
 * cannot be left half-open. Data inside our own commands (`::error::…`) needs
 * neither: the toolkit percent-encodes newlines there, so it stays one line.
 */

const COMMAND_START = /^(\s*):(?=:)/gm;
/**
 * C0 controls but tab and newline, DEL and C1 controls (U+0080–U+009F, which
 * some terminals read as ESC-[ and friends): a cursor move, an erase-line, an
 * OSC 52 clipboard write or an OSC 8 hidden link from foreign text is shown
 * as the text `\x1b[2K`, never acted on. CR is a line break for the runner and
 * is turned into one before this runs (logText).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const LEGACY_COMMAND = /##\[/g;

export const ZERO_WIDTH_SPACE = '\u200B';

/** Control characters shown as text (`\x1b`), so a terminal shows them rather than obeys them. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Foreign text made safe to print as log lines. */
export function logText(text: string): string {
  return terminalSafe(text.replace(/\r\n?/g, '\n'))
    .replace(COMMAND_START, `$1:${ZERO_WIDTH_SPACE}`)
    .replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`);
}

/**
 * Foreign text as the data of one of our own commands (`::error::…`). The
 * toolkit encodes newlines there, and a line the runner reads as our command
 * is not read again; `##[` is still made inert, so the text stays harmless
 * wherever it is printed next.
 */
export function commandData(text: string): string {
  // LF is the toolkit's to encode (%0A); every other control, CR included, is shown as text.
  return terminalSafe(text).replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`);
}

/** True when a line would be read by the runner as a workflow command. */
export function isCommandLine(line: string): boolean {
  return /^\s*::/.test(line) || line.includes('##[');
}
