// Gives the keyboard focus back to where the user was when the page would otherwise leave it on
// nothing: VS Code hands the page its window's focus back (after its context menu, an editor opened
// from here and closed, a dialog) with no element focused in it, and an element taken out of the
// page while focused takes the focus with it.

/** Keeps where the focus was in the page; `fallback` is where it goes when that is gone (the grid). */
export function keepFocusInPage(fallback: () => HTMLElement): void {
  let last: HTMLElement | null = null;
  document.addEventListener('focusin', (e) => {
    if (e.target instanceof HTMLElement && e.target !== document.body) last = e.target;
  });
  const giveBack = () => {
    if (!document.hasFocus() || (document.activeElement && document.activeElement !== document.body)) return;
    if (last?.isConnected) last.focus({ preventScroll: true });
    // What had it is hidden now (a closed menu's item) or gone.
    if (document.activeElement === document.body || document.activeElement === null) fallback().focus({ preventScroll: true });
  };
  // After the browser has given the page its focus (and, when it does, its element).
  window.addEventListener('focus', () => setTimeout(giveBack, 0));
  document.addEventListener('focusout', (e) => {
    const left = e.target;
    if (e.relatedTarget === null && left instanceof Node) {
      setTimeout(() => {
        if (!left.isConnected) giveBack();
      }, 0);
    }
  });
}
