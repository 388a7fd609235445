// Drives the VS Code workbench in the browser as a person would: the command palette, quick inputs,
// notifications and tree rows. Every wait is on something visible, with a generous timeout.
import type { Locator, Page } from 'playwright-core';

const LONG = 90_000;

export class WorkbenchDriver {
  constructor(readonly page: Page) {}

  /** The workbench is up and our extension contributed its activity-bar entry. */
  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LONG });
    await this.activityBarItem().waitFor({ state: 'visible', timeout: LONG });
  }

  activityBarItem(): Locator {
    return this.page.locator('.activitybar .action-item a[aria-label^="Backbone Sync"]').first();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens a workspace file through Quick Open (Ctrl+P). */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: LONG });
    await input.fill(name);
    await this.quickInput().locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: LONG });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: LONG });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: LONG });
  }

  /** Runs a command from the palette (F1) by its full title, e.g. "Backbone Sync: Run Sync". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor({ state: 'visible', timeout: LONG });
    await input.fill(`>${title}`);
    const row = this.quickInput().locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: LONG });
    await this.page.keyboard.press('Enter');
  }

  /** Answers a quick input whose title contains `titlePart` (e.g. a token prompt). */
  async answerInput(titlePart: string, text: string): Promise<void> {
    const widget = this.quickInput();
    const title = widget.locator('.quick-input-title', { hasText: titlePart });
    await title.waitFor({ state: 'visible', timeout: LONG });
    await widget.locator('.quick-input-box input').first().fill(text);
    await this.page.keyboard.press('Enter');
    // Accepted: this prompt is gone (the next one, if any, has another title).
    await title.waitFor({ state: 'hidden', timeout: LONG });
  }

  /**
   * Waits for a notification containing `text` and returns it. Headless, the workbench shows notifications
   * in the notification center rather than as toasts, so this opens the center (the bell) as a person would.
   */
  async notification(text: string | RegExp): Promise<Locator> {
    const center = this.page.locator('.notifications-center.visible');
    if (!(await center.isVisible())) await this.runCommand('Notifications: Show Notifications');
    const item = this.page
      .locator('.notifications-center .notification-list-item', { hasText: text })
      .first();
    await item.waitFor({ state: 'visible', timeout: LONG });
    return item;
  }

  async hideNotifications(): Promise<void> {
    if (await this.page.locator('.notifications-center.visible').isVisible()) {
      await this.runCommand('Notifications: Hide Notifications');
    }
  }

  async notificationText(toast: Locator): Promise<string> {
    return toast.innerText();
  }

  /** A row of a tree or list in the side bar, by its visible text. */
  treeRow(text: string | RegExp): Locator {
    return this.page.locator('.sidebar .monaco-list-row', { hasText: text });
  }

  /** Waits until exactly `count` side-bar rows show `text` (e.g. after a retry resolved one). */
  async waitForRowCount(text: string, count: number): Promise<void> {
    // A string predicate: it runs in the page, where the DOM is (this file is type-checked for Node).
    const predicate = `[...document.querySelectorAll('.sidebar .monaco-list-row')].filter((r) => r.innerText.includes(${JSON.stringify(text)})).length === ${count}`;
    await this.page.waitForFunction(predicate, undefined, { timeout: LONG });
  }

  async openSideBarContainer(): Promise<void> {
    const header = this.page.locator('.sidebar .pane-header', { hasText: /Troubleshooting/i }).first();
    // A click just before may already be opening the view; clicking the icon of the open container would
    // close the side bar again, so give it time first.
    const shown = await header.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) await this.activityBarItem().click({ force: true });
    await header.waitFor({ timeout: LONG });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
}
