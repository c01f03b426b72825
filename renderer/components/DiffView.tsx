import type { FileChangeView } from '../../shared/schemas';
import { useI18n } from '../i18n/I18nProvider';

/** The files an apply would write, as a coloured unified diff (keys masked by the core). */
export function DiffView({ files }: { files: FileChangeView[] }) {
  const { t } = useI18n();
  return (
    <div className="diff" data-testid="diff">
      {files.map((file) => (
        <div key={file.path}>
          <div className="diff-file">
            <code>{file.path}</code> {file.created ? t('tools.fileNew') : file.changed ? t('tools.fileChanged') : t('tools.fileSame')}
          </div>
          {file.changed && (
            <pre>
              {file.diff.split('\n').map((line, i) => (
                <span key={i} className={line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : undefined}>
                  {line}
                  {'\n'}
                </span>
              ))}
            </pre>
          )}
        </div>
      ))}
    </div>
  );
}
