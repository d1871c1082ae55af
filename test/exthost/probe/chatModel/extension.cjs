// Test only, never shipped: VS Code's chat sends no request, not even a participant's slash
// command, unless some language model is registered ("Language model unavailable"). The test
// workbench has none, so the chat-view suite installs this stand-in. @campfire's slash commands
// never call it; anything that does gets a sentence saying so.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('campfire-test', {
      provideLanguageModelChatInformation: async () => [
        { id: 'campfire-test-model', name: 'Stand-in model', family: 'campfire-test', version: '1', maxInputTokens: 100_000, maxOutputTokens: 1000, capabilities: { toolCalling: true }, isDefault: true, isUserSelectable: true },
      ],
      provideLanguageModelChatResponse: async (_model, _messages, _options, progress) => {
        progress.report(new vscode.LanguageModelTextPart('(the stand-in model of the tests answers nothing)'));
      },
      provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text : JSON.stringify(text)).length / 4),
    }),
  );
};
