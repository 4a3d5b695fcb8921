/**
 * The add-in-only XML manifest (task pane + custom functions in one shared runtime, namespace IOM),
 * generated for a hub's base URL so every URL is https on the hub's own origin.
 * Element order and the shared-runtime rules follow Office's schema; manifest-check.ts checks them.
 */
import { EXCEL_API } from './requirements.js';

export const ADDIN_ID = '5b0f3c2e-8d4a-4f6e-9c1b-7a2d6e4f1b90';
export const ADDIN_VERSION = '1.0.0.0';
export const FUNCTIONS_NAMESPACE = 'IOM';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `https://hub.example.org/` → `https://hub.example.org`; refuses anything that is not an origin with an optional path. */
export function normaliseBaseUrl(baseUrl: string, { allowHttp = false } = {}): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`--base-url "${baseUrl}" is not a URL (e.g. https://hub.example.org).`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(allowHttp && local)) throw new Error(`--base-url must be https (Office loads add-ins only over https), not ${url.protocol}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The ribbon's icon set, at the given indent. */
const icons = (indent: string) =>
  ['<Icon>', ...[16, 32, 80].map((size) => `  <bt:Image size="${size}" resid="Icon.${size}x${size}"/>`), '</Icon>'].map((line) => indent + line).join('\n');

export function generateManifest(baseUrl: string, { allowHttp = false } = {}): string {
  const base = normaliseBaseUrl(baseUrl, { allowHttp });
  const url = (path: string) => escape(`${base}${path}`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>${ADDIN_ID}</Id>
  <Version>${ADDIN_VERSION}</Version>
  <ProviderName>IOM Hub</ProviderName>
  <DefaultLocale>en-GB</DefaultLocale>
  <DisplayName DefaultValue="IOM Hub"/>
  <Description DefaultValue="Live IOM Hub reports, cost-share plans and functions in your workbooks."/>
  <IconUrl DefaultValue="${url('/addin/assets/icon-32.png')}"/>
  <HighResolutionIconUrl DefaultValue="${url('/addin/assets/icon-64.png')}"/>
  <SupportUrl DefaultValue="${url('/addin/help.html')}"/>
  <AppDomains>
    <AppDomain>${escape(new URL(base).origin)}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="ExcelApi" MinVersion="${EXCEL_API}"/>
      <Set Name="SharedRuntime" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${url('/addin/taskpane.html')}"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <Runtimes>
          <Runtime resid="Taskpane.Url" lifetime="long"/>
        </Runtimes>
        <AllFormFactors>
          <ExtensionPoint xsi:type="CustomFunctions">
            <Script>
              <SourceLocation resid="Functions.Script.Url"/>
            </Script>
            <Page>
              <SourceLocation resid="Taskpane.Url"/>
            </Page>
            <Metadata>
              <SourceLocation resid="Functions.Metadata.Url"/>
            </Metadata>
            <Namespace resid="Functions.Namespace"/>
          </ExtensionPoint>
        </AllFormFactors>
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="GetStarted.LearnMoreUrl"/>
          </GetStarted>
          <FunctionFile resid="Taskpane.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="IOM.Group">
                <Label resid="Group.Label"/>
${icons('                ')}
                <Control xsi:type="Button" id="IOM.TaskpaneButton">
                  <Label resid="TaskpaneButton.Label"/>
                  <Supertip>
                    <Title resid="TaskpaneButton.Label"/>
                    <Description resid="TaskpaneButton.Tooltip"/>
                  </Supertip>
${icons('                  ')}
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>IOM.Taskpane</TaskpaneId>
                    <SourceLocation resid="Taskpane.Url"/>
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Icon.16x16" DefaultValue="${url('/addin/assets/icon-16.png')}"/>
        <bt:Image id="Icon.32x32" DefaultValue="${url('/addin/assets/icon-32.png')}"/>
        <bt:Image id="Icon.80x80" DefaultValue="${url('/addin/assets/icon-80.png')}"/>
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Functions.Script.Url" DefaultValue="${url('/addin/taskpane.js')}"/>
        <bt:Url id="Functions.Metadata.Url" DefaultValue="${url('/addin/functions.json')}"/>
        <bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="${url('/addin/help.html')}"/>
        <bt:Url id="Taskpane.Url" DefaultValue="${url('/addin/taskpane.html')}"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="Functions.Namespace" DefaultValue="${FUNCTIONS_NAMESPACE}"/>
        <bt:String id="GetStarted.Title" DefaultValue="IOM Hub is ready"/>
        <bt:String id="Group.Label" DefaultValue="IOM Hub"/>
        <bt:String id="TaskpaneButton.Label" DefaultValue="IOM Hub"/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="GetStarted.Description" DefaultValue="Open IOM Hub on the Home tab to connect, insert reports and refresh them; type =IOM. for the functions."/>
        <bt:String id="TaskpaneButton.Tooltip" DefaultValue="Connect to your IOM hub, insert saved reports and templates, refresh all, and submit cost-share drafts."/>
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
`;
}
