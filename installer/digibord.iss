; Inno Setup 6 script: a per-user installer for the PyInstaller bundle in dist\Digibord.
; No administrator rights: installs into %LOCALAPPDATA%\Programs\Digibord, registers under HKCU.
; Build (from the repository root, after `pyinstaller build_installer.spec`):
;   ISCC.exe /DAppVersion=1.0.0 installer\digibord.iss      -> dist\installer\Digibord-1.0.0-setup.exe
; Optional defines (tools/windows/build_under_wine.sh uses them; the release uses none):
;   /DBundleDir=..\dist\windows\Digibord   where the PyInstaller bundle is (relative to this file)
;   /DOutputDir=..\dist\windows\installer  where the setup .exe goes
;   /DCompression=lzma2/fast               quicker to build, a few MB larger
;   /DProgramsRoot={localappdata}\Programs  instead of {autopf}, which means exactly that for a
;                                          per-user install but which Wine 8 cannot expand
; Uninstall: asks whether to remove settings and archive too (default No); silent (/SILENT,
; /VERYSILENT) keeps them unless /REMOVEDATA=yes is given. See docs/bundle.md.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=1.2.3 installer\digibord.iss
#endif
#define AppName "Digibord"
#define AppExe "Digibord.exe"
#define ProgId "Digibord.Borderel"
#ifndef BundleDir
  #define BundleDir "..\dist\Digibord"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist\installer"
#endif
#ifndef Compression
  #define Compression "lzma2/max"
#endif
#ifndef ProgramsRoot
  #define ProgramsRoot "{autopf}"
#endif

[Setup]
; Never change AppId: it ties updates and the uninstaller to earlier installs.
AppId={{6C1F3E0A-5B7D-4E7B-9A51-2D0C8B6F4A17}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Digibord
VersionInfoVersion={#AppVersion}
; Per user: no UAC prompt; {autopf} then means {userpf} (%LOCALAPPDATA%\Programs).
PrivilegesRequired=lowest
DefaultDirName={#ProgramsRoot}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
SetupIconFile=..\resources\icons\digibord.ico
OutputDir={#OutputDir}
OutputBaseFilename=Digibord-{#AppVersion}-setup
Compression={#Compression}
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Tell Explorer when the .dat association changed.
ChangesAssociations=yes
; An update replaces the folder; close a running Digibord first.
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
nl.AssocTask=.dat-bestanden (borderellen) openen met Digibord
en.AssocTask=Open .dat files (borderels) with Digibord
nl.AssocGroup=Bestanden koppelen:
en.AssocGroup=File associations:
nl.AssocName=Borderel collectieve zorgverzekering
en.AssocName=Collective health insurance borderel
nl.CliName=Digibord opdrachtregel
en.CliName=Digibord command line
nl.RemoveData=Ook uw instellingen en het archief met borderellen verwijderen?%n%n%1%n%2%n%nKies Nee om ze te bewaren (bijvoorbeeld voor een nieuwe installatie).
en.RemoveData=Also remove your settings and the archive of borderels?%n%n%1%n%2%n%nChoose No to keep them (for instance for a new installation).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
; Optional: other programs may use .dat too, so the association is not forced.
Name: "assocdat"; Description: "{cm:AssocTask}"; GroupDescription: "{cm:AssocGroup}"; Flags: unchecked

[Files]
; The whole onedir bundle: Digibord.exe, digibord-cli.exe and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update must not keep modules or resources that the new version no longer has.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:CliName}"; Filename: "{cmd}"; Parameters: "/k ""{app}\digibord-cli.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Per user (HKCU\Software\Classes), as Microsoft asks of a program that is not the only one
; opening a file type: Digibord adds itself to .dat's OpenWithProgids and never writes .dat's
; (Default) value, so another program's association stays as it was; the user makes Digibord
; the default in "Open with" if they wish. Uninstall removes our value, and the keys only when
; nothing else is left in them (uninsdeletekeyifempty): no empty keys stay behind.
; Entries are removed in reverse order, so children are listed after their parents.
Root: HKCU; Subkey: "Software\Classes\.dat"; Flags: uninsdeletekeyifempty; Tasks: assocdat
Root: HKCU; Subkey: "Software\Classes\.dat\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty; Tasks: assocdat
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:AssocName}"; Flags: uninsdeletekey; Tasks: assocdat
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assocdat
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: assocdat
; "Open with" offers Digibord for .dat even without the task: the application's own entry.
Root: HKCU; Subkey: "Software\Classes\Applications"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".dat"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Settings and archive live outside {app}: digibord.paths uses platformdirs with appname and
// appauthor "Digibord", i.e. %APPDATA%\Digibord\Digibord (settings, roaming) and
// %LOCALAPPDATA%\Digibord\Digibord (archive, logs). The archive holds personal data and is
// wanted again after a reinstall, so they stay unless the user says otherwise:
//   interactive uninstall: a question, default No (keep);
//   silent uninstall (/SILENT, /VERYSILENT): keep, unless /REMOVEDATA=yes is on the command line
//   (/REMOVEDATA=no also skips the question of an interactive uninstall).
function RemoveDataAnswer(Settings, Data: String): Boolean;
var
  Given: String;
begin
  Given := Lowercase(ExpandConstant('{param:REMOVEDATA|}'));
  if Given <> '' then
    Result := (Given = 'yes') or (Given = '1')
  else if UninstallSilent then
    Result := False
  else
    Result := MsgBox(FmtMessage(CustomMessage('RemoveData'), [Settings, Data]),
                     mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Settings, Data: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  Settings := ExpandConstant('{userappdata}\Digibord');
  Data := ExpandConstant('{localappdata}\Digibord');
  if not DirExists(Settings) and not DirExists(Data) then
    exit;
  if RemoveDataAnswer(Settings, Data) then
  begin
    DelTree(Settings, True, True, True);
    DelTree(Data, True, True, True);
    Log('Removed the settings and the archive: ' + Settings + ', ' + Data);
  end
  else
    Log('Kept the settings and the archive: ' + Settings + ', ' + Data);
end;
